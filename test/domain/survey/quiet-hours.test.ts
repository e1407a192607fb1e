import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextAllowedSendTime, parseQuietHours } from '../../../src/domain/survey/quiet-hours.js';

const NIGHT = { start: '21:00', end: '08:00' };
const LUNCH = { start: '12:00', end: '13:30' };
const iso = (value: string) => new Date(value);

describe('nextAllowedSendTime', () => {
  it.each([
    // A window that crosses midnight, Europe/Amsterdam in winter (UTC+1).
    {
      name: 'midday is outside',
      now: '2026-01-15T11:00:00Z',
      zone: 'Europe/Amsterdam',
      quiet: NIGHT,
      expected: '2026-01-15T11:00:00Z',
    },
    {
      name: 'evening waits for tomorrow 08:00',
      now: '2026-01-15T21:00:00Z',
      zone: 'Europe/Amsterdam',
      quiet: NIGHT,
      expected: '2026-01-16T07:00:00Z',
    },
    {
      name: 'the start minute is quiet',
      now: '2026-01-15T20:00:00Z',
      zone: 'Europe/Amsterdam',
      quiet: NIGHT,
      expected: '2026-01-16T07:00:00Z',
    },
    {
      name: 'the minute before start is not',
      now: '2026-01-15T19:59:59Z',
      zone: 'Europe/Amsterdam',
      quiet: NIGHT,
      expected: '2026-01-15T19:59:59Z',
    },
    {
      name: 'early morning waits for 08:00 today',
      now: '2026-01-15T02:00:00Z',
      zone: 'Europe/Amsterdam',
      quiet: NIGHT,
      expected: '2026-01-15T07:00:00Z',
    },
    {
      name: 'seconds before the end wait for the end',
      now: '2026-01-15T06:59:30Z',
      zone: 'Europe/Amsterdam',
      quiet: NIGHT,
      expected: '2026-01-15T07:00:00Z',
    },
    {
      name: 'the end minute is allowed',
      now: '2026-01-15T07:00:00Z',
      zone: 'Europe/Amsterdam',
      quiet: NIGHT,
      expected: '2026-01-15T07:00:00Z',
    },
    {
      name: 'New Year: the next local day is in the next year',
      now: '2026-12-31T22:30:00Z',
      zone: 'Europe/Amsterdam',
      quiet: NIGHT,
      expected: '2027-01-01T07:00:00Z',
    },
    {
      name: 'quiet in local time while midday in UTC',
      now: '2026-01-15T12:00:00Z',
      zone: 'Asia/Tokyo',
      quiet: NIGHT,
      expected: '2026-01-15T23:00:00Z',
    },
    {
      name: 'half-hour offset (Asia/Kolkata)',
      now: '2026-01-15T16:00:00Z',
      zone: 'Asia/Kolkata',
      quiet: NIGHT,
      expected: '2026-01-16T02:30:00Z',
    },
    {
      name: 'UTC+14 (Pacific/Kiritimati)',
      now: '2026-01-15T08:00:00Z',
      zone: 'Pacific/Kiritimati',
      quiet: NIGHT,
      expected: '2026-01-15T18:00:00Z',
    },
    { name: 'UTC', now: '2026-01-15T23:00:00Z', zone: 'UTC', quiet: NIGHT, expected: '2026-01-16T08:00:00Z' },
    // A window within one day.
    {
      name: 'inside a daytime window',
      now: '2026-01-15T11:45:00Z',
      zone: 'Europe/Amsterdam',
      quiet: LUNCH,
      expected: '2026-01-15T12:30:00Z',
    },
    {
      name: 'before a daytime window',
      now: '2026-01-15T10:59:00Z',
      zone: 'Europe/Amsterdam',
      quiet: LUNCH,
      expected: '2026-01-15T10:59:00Z',
    },
    {
      name: 'at the end of a daytime window',
      now: '2026-01-15T12:30:00Z',
      zone: 'Europe/Amsterdam',
      quiet: LUNCH,
      expected: '2026-01-15T12:30:00Z',
    },
    {
      name: 'start == end means no quiet hours',
      now: '2026-01-15T23:00:00Z',
      zone: 'Europe/Amsterdam',
      quiet: { start: '08:00', end: '08:00' },
      expected: '2026-01-15T23:00:00Z',
    },
    // DST: Europe/Amsterdam springs forward 2026-03-29 01:00Z and falls back 2026-10-25 01:00Z.
    {
      name: 'Amsterdam, night before summer time: 08:00 CEST',
      now: '2026-03-28T22:00:00Z',
      zone: 'Europe/Amsterdam',
      quiet: NIGHT,
      expected: '2026-03-29T06:00:00Z',
    },
    {
      name: 'Amsterdam, after the jump: 08:00 CEST',
      now: '2026-03-29T02:00:00Z',
      zone: 'Europe/Amsterdam',
      quiet: NIGHT,
      expected: '2026-03-29T06:00:00Z',
    },
    {
      name: 'Amsterdam, night before winter time: 08:00 CET',
      now: '2026-10-24T21:00:00Z',
      zone: 'Europe/Amsterdam',
      quiet: NIGHT,
      expected: '2026-10-25T07:00:00Z',
    },
    {
      name: 'Amsterdam, 21:00 starts an hour later in UTC in summer',
      now: '2026-07-01T19:00:00Z',
      zone: 'Europe/Amsterdam',
      quiet: NIGHT,
      expected: '2026-07-02T06:00:00Z',
    },
    {
      name: 'Amsterdam, end inside the skipped hour: send at the jump',
      now: '2026-03-28T23:30:00Z',
      zone: 'Europe/Amsterdam',
      quiet: { start: '00:00', end: '02:30' },
      expected: '2026-03-29T01:00:00Z',
    },
    {
      name: 'Amsterdam, end inside the repeated hour: first occurrence',
      now: '2026-10-24T23:00:00Z',
      zone: 'Europe/Amsterdam',
      quiet: { start: '00:00', end: '02:30' },
      expected: '2026-10-25T00:30:00Z',
    },
    // DST: America/New_York springs forward 2026-03-08 07:00Z and falls back 2026-11-01 06:00Z.
    {
      name: 'New York, night before summer time: 08:00 EDT',
      now: '2026-03-08T03:00:00Z',
      zone: 'America/New_York',
      quiet: NIGHT,
      expected: '2026-03-08T12:00:00Z',
    },
    {
      name: 'New York, night before winter time: 08:00 EST',
      now: '2026-11-01T02:00:00Z',
      zone: 'America/New_York',
      quiet: NIGHT,
      expected: '2026-11-01T13:00:00Z',
    },
    {
      name: 'New York, end inside the skipped hour',
      now: '2026-03-08T05:30:00Z',
      zone: 'America/New_York',
      quiet: { start: '00:00', end: '02:15' },
      expected: '2026-03-08T07:00:00Z',
    },
    {
      name: 'New York, first pass of the repeated hour',
      now: '2026-11-01T04:45:00Z',
      zone: 'America/New_York',
      quiet: { start: '00:00', end: '01:30' },
      expected: '2026-11-01T05:30:00Z',
    },
    {
      name: 'New York, second pass of the repeated hour',
      now: '2026-11-01T06:15:00Z',
      zone: 'America/New_York',
      quiet: { start: '00:00', end: '01:30' },
      expected: '2026-11-01T06:30:00Z',
    },
    {
      name: 'New York, between the two passes of the end',
      now: '2026-11-01T05:45:00Z',
      zone: 'America/New_York',
      quiet: { start: '00:00', end: '01:30' },
      expected: '2026-11-01T05:45:00Z',
    },
  ])('$name', ({ now, zone, quiet, expected }) => {
    expect(nextAllowedSendTime(iso(now), zone, quiet).toISOString()).toBe(iso(expected).toISOString());
  });

  it('returns the very same Date when sending is allowed', () => {
    const now = iso('2026-01-15T11:00:00Z');
    expect(nextAllowedSendTime(now, 'Europe/Amsterdam', NIGHT)).toBe(now);
  });

  it.each(['Mars/Olympus_Mons', 'Europe/Amsterdamm', 'not a zone'])(
    'throws RangeError for the time zone %s',
    (zone) => {
      expect(() => nextAllowedSendTime(iso('2026-01-15T11:00:00Z'), zone, NIGHT)).toThrow(RangeError);
    },
  );

  it.each([
    { start: '21:00', end: '8:00' },
    { start: '24:00', end: '08:00' },
    { start: '21:60', end: '08:00' },
    { start: '9pm', end: '08:00' },
  ])('throws RangeError for quiet hours $start-$end', (quiet) => {
    expect(() => nextAllowedSendTime(iso('2026-01-15T11:00:00Z'), 'UTC', quiet)).toThrow(RangeError);
  });

  const zones = fc.constantFrom('Europe/Amsterdam', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC');
  const instants = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 0, 1) }).map((ms) => new Date(ms));
  const localTime = (at: Date, zone: string) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
      at,
    );

  it('never goes back in time, waits less than a day, and wakes at the end of quiet hours', () => {
    fc.assert(
      fc.property(instants, zones, (now, zone) => {
        const next = nextAllowedSendTime(now, zone, NIGHT);
        const waited = next.getTime() - now.getTime();
        expect(waited).toBeGreaterThanOrEqual(0);
        expect(waited).toBeLessThan(24 * 3_600_000);
        const local = localTime(now, zone);
        const quiet = local >= '21:00' || local < '08:00';
        if (!quiet) expect(next).toBe(now);
        // None of these zones changes its clocks at 08:00, so the wake-up reads 08:00 exactly.
        else expect(localTime(next, zone)).toBe('08:00');
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseQuietHours', () => {
  it.each([
    { value: '21:00-08:00', expected: { start: '21:00', end: '08:00' } },
    { value: ' 22:30 - 07:15 ', expected: { start: '22:30', end: '07:15' } },
    { value: '12:00-13:30', expected: { start: '12:00', end: '13:30' } },
  ])('$value', ({ value, expected }) => {
    expect(parseQuietHours(value)).toEqual(expected);
  });

  it.each(['21-08', '21:00', '21:00-25:00', '', '9:00-17:00'])('rejects %j with a RangeError', (value) => {
    expect(() => parseQuietHours(value)).toThrow(RangeError);
  });
});
