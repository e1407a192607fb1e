/** A daily window in local wall-clock time, "HH:MM" each; start inclusive, end exclusive. */
export interface QuietHours {
  start: string;
  end: string;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Parses QUIET_HOURS ("21:00-08:00"); throws RangeError naming the expected form. */
export function parseQuietHours(value: string): QuietHours {
  const match = /^\s*(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})\s*$/.exec(value);
  if (!match) throw new RangeError(`quiet hours must look like HH:MM-HH:MM, got ${JSON.stringify(value)}`);
  const quiet = { start: match[1]!, end: match[2]! };
  clockMinutes(quiet.start);
  clockMinutes(quiet.end);
  return quiet;
}

/**
 * When an SMS may go out: `now` outside quiet hours, otherwise the first instant at which
 * the customer's local clock reads `end`. Windows may cross midnight (21:00-08:00);
 * start == end means no quiet hours. If `end` does not exist that day (the clock jumps over
 * it when summer time starts), the send goes at the jump, the first instant after `end`.
 * If `end` occurs twice (summer time ends), the first occurrence after `now` is used.
 * An unknown time zone throws RangeError; the caller falls back to TIMEZONE.
 */
export function nextAllowedSendTime(now: Date, timeZone: string, quiet: QuietHours): Date {
  const start = clockMinutes(quiet.start);
  const end = clockMinutes(quiet.end);
  const local = wallClock(now, timeZone);
  const minute = local.hour * 60 + local.minute;
  const crossesMidnight = start > end;
  const inQuiet = crossesMidnight ? minute >= start || minute < end : minute >= start && minute < end;
  if (start === end || !inQuiet) return now;

  // Before midnight in a window that crosses it, the window ends tomorrow.
  const dayOffset = crossesMidnight && minute >= start ? 1 : 0;
  const day = new Date(Date.UTC(local.year, local.month - 1, local.day + dayOffset));
  const target = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), Math.floor(end / 60), end % 60);
  return new Date(firstInstantAtOrAfterWall(target, timeZone, now.getTime()));
}

/**
 * The first instant after `notBefore` whose local wall clock (as a UTC-based number) is
 * at least `wall`. Offsets a day either side cover any single transition around it.
 */
function firstInstantAtOrAfterWall(wall: number, timeZone: string, notBefore: number): number {
  const offsets = new Set([offsetAt(wall - DAY, timeZone), offsetAt(wall + DAY, timeZone), offsetAt(wall, timeZone)]);
  const exact = [...offsets]
    .map((offset) => wall - offset)
    .filter((instant) => instant > notBefore && wallValue(instant, timeZone) === wall)
    .sort((a, b) => a - b);
  if (exact[0] !== undefined) return exact[0];

  // `wall` falls in a gap: search for the first minute whose wall clock is past it.
  // UTC offsets lie within -12h..+14h, so these bounds hold the answer; minute-aligned
  // bounds keep the answer on a whole minute, where zone transitions happen.
  let low = Math.floor(Math.max(notBefore, wall - 26 * 60 * MINUTE) / MINUTE) * MINUTE;
  let high = wall + 26 * 60 * MINUTE;
  while (high - low > MINUTE) {
    const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
    if (wallValue(middle, timeZone) >= wall) high = middle;
    else low = middle;
  }
  return high;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Reads the local wall clock with Intl, which knows the zone's DST history. */
function wallClock(instant: Date | number, timeZone: string): WallClock {
  let format = formatters.get(timeZone);
  if (!format) {
    // Throws RangeError for an unknown zone, which is what callers are told to expect.
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** The wall clock as if it were UTC, in ms: comparable, and `instant + offset`. */
function wallValue(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** Offset from UTC in ms at an instant (whole seconds; sub-second parts dropped). */
function offsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallValue(whole, timeZone) - whole;
}

function clockMinutes(value: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) throw new RangeError(`a quiet-hours time must be HH:MM (00:00-23:59), got ${JSON.stringify(value)}`);
  return Number(match[1]) * 60 + Number(match[2]);
}
