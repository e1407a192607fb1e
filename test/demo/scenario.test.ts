import { describe, expect, it } from 'vitest';
import { auditJson, ticketJson, userJson, type StandInTicket } from '../../demo/stand-ins/zendesk-shapes.js';
import { followEvent } from '../../demo/stand-ins/zendesk-ticket-fields.js';
import {
  customerAnswer,
  DEMO_TEAMS,
  generateWeek,
  RISING_TEAM_ID,
  type DemoCase,
  type DemoOptions,
  type DemoWeek,
} from '../../demo/scenario.js';
import { mapAudit, mapTicket, mapUser } from '../../integrations/zendesk/map-rest.js';
import { buildTimeline } from '../../src/domain/build-timeline.js';
import { computeDrivers } from '../../src/domain/compute-drivers.js';
import { PHONE_CHANNELS } from '../../src/domain/survey/channel.js';

const START = new Date('2025-03-03T00:00:00Z');
const SMALL: DemoOptions = { seed: 42, days: 2, ticketsPerDay: 40, start: START };
const BASE = 'http://127.0.0.1:1';
const BOT_USER_ID = 1;

const small = generateWeek(SMALL);
const big = generateWeek({ seed: 7, days: 7, ticketsPerDay: 200, start: START });

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
}

/** What the service derives from the case, through the REST JSON the stand-in serves. */
function derive(demoCase: DemoCase, week: DemoWeek) {
  const ticket = mapTicket(ticketJson(demoCase.ticket, BASE));
  const audits = demoCase.audits.map((audit) => mapAudit(auditJson(audit)));
  const timeline = buildTimeline({
    ticketId: ticket.id,
    requesterId: ticket.requesterId,
    createdAt: ticket.createdAt,
    audits,
    botUserId: BOT_USER_ID,
  });
  const others = week.cases
    .filter((c) => c.customer.user.id === demoCase.customer.user.id && c !== demoCase)
    .map((c) => c.createdAt);
  return { ticket, timeline, drivers: computeDrivers(timeline, { requesterTicketsCreatedAt: others }) };
}

describe('generateWeek', () => {
  it('is deterministic per seed', () => {
    expect(generateWeek(SMALL)).toEqual(small);
    const other = generateWeek({ ...SMALL, seed: 43 });
    expect(other).not.toEqual(small);
    expect(other.cases.map((c) => c.facts)).not.toEqual(small.cases.map((c) => c.facts));
  });

  it('keeps about days × ticketsPerDay cases solved inside the window, sorted by solve time', () => {
    const end = START.getTime() + SMALL.days * 86_400_000;
    // Tickets are created from 3 days before the week on (a steady state); only those solved inside it count.
    expect(small.cases.length).toBeGreaterThan(80 * 0.85);
    expect(small.cases.length).toBeLessThan(80 * 1.15);
    expect(small.riseAt.toISOString()).toBe('2025-03-04T00:00:00.000Z');
    expect(new Set(small.cases.map((c) => c.ticket.id)).size).toBe(small.cases.length);
    expect(small.cases.some((c) => c.createdAt.getTime() < START.getTime())).toBe(true);
    for (const [i, c] of small.cases.entries()) {
      const previous = small.cases[i - 1];
      if (previous) {
        const order = previous.solvedAt.getTime() - c.solvedAt.getTime() || previous.ticket.id - c.ticket.id;
        expect(order).toBeLessThan(0);
      }
      expect(c.solvedAt.getTime()).toBeGreaterThanOrEqual(START.getTime());
      expect(c.solvedAt.getTime()).toBeLessThan(end);
      expect(c.ticket.created_at).toBe(c.audits[0]!.created_at);
      expect(Date.parse(c.ticket.created_at)).toBe(c.createdAt.getTime());
      expect(Date.parse(c.audits.at(-1)!.created_at)).toBe(c.solvedAt.getTime());
      expect(c.ticket.updated_at).toBe(c.audits.at(-1)!.created_at);
      const times = c.audits.map((a) => Date.parse(a.created_at));
      times.slice(1).forEach((t, j) => expect(t).toBeGreaterThan(times[j]!));
      const hours = (c.solvedAt.getTime() - c.createdAt.getTime()) / 3_600_000;
      expect(hours).toBeGreaterThanOrEqual(0.9);
    }
    // Audit ids: unique and increasing with time over the whole week.
    const audits = small.cases.flatMap((c) => c.audits).sort((a, b) => a.id - b.id);
    expect(new Set(audits.map((a) => a.id)).size).toBe(audits.length);
    audits.slice(1).forEach((a, j) => expect(a.created_at >= audits[j]!.created_at).toBe(true));
  });

  it('creates most tickets in the daytime and spreads them over the days', () => {
    const hours = big.cases.map((c) => c.createdAt.getUTCHours());
    const daytime = hours.filter((h) => h >= 8 && h < 18).length / hours.length;
    expect(daytime).toBeGreaterThan(0.7);
    expect(daytime).toBeLessThan(0.9);
    const channels = new Map<string, number>();
    for (const c of big.cases) channels.set(c.ticket.via.channel, (channels.get(c.ticket.via.channel) ?? 0) + 1);
    expect((channels.get('email') ?? 0) / big.cases.length).toBeCloseTo(0.35, 1);
    expect([...channels.keys()].sort()).toEqual([
      'chat',
      'email',
      'native_messaging',
      'sms',
      'voice',
      'web',
      'whatsapp',
    ]);
  });

  it('gives every Zendesk messaging touch the ChatStartedEvent that names its conversation', () => {
    const messaging = big.cases.flatMap((c) => c.audits.filter((a) => a.via.channel === 'native_messaging'));
    expect(messaging.length).toBeGreaterThan(0);
    for (const audit of messaging) {
      const started = audit.events.find((e) => e.type === 'ChatStartedEvent') as
        | { value: { conversation_id: string } }
        | undefined;
      expect(started?.value.conversation_id).toMatch(/^[0-9a-f]{24}$/);
    }
  });

  it('maps through the REST mapping, and the service derives exactly the facts', () => {
    for (const c of small.cases) {
      const { ticket, timeline, drivers } = derive(c, small);
      expect({ handoffs: drivers.teamHandoffs, switches: drivers.channelSwitches, reopens: drivers.reopens }).toEqual({
        handoffs: c.facts.teamHandoffs,
        switches: c.facts.channelSwitches,
        reopens: c.facts.reopened ? 1 : 0,
      });
      expect(drivers.resolutionMinutes).toBe(Math.round((c.solvedAt.getTime() - c.createdAt.getTime()) / 60_000));
      const customerChannels = timeline.touches.filter((t) => t.actor === 'customer').map((t) => t.channel);
      expect(customerChannels.some((ch) => PHONE_CHANNELS.includes(ch))).toBe(c.facts.phoneTouch);
      expect(customerChannels[0]).toBe(c.ticket.via.channel);
      expect(ticket.status).toBe('solved');
      expect(ticket.groupId).toBe(c.facts.team);
      expect(DEMO_TEAMS.find((t) => t.id === c.facts.team)!.agents).toContain(ticket.assigneeId);
      expect(ticket.requesterId).toBe(c.customer.user.id);
    }
    expect(small.cases.some((c) => c.facts.teamHandoffs > 0)).toBe(true);
    expect(small.cases.some((c) => c.facts.channelSwitches > 0)).toBe(true);
  });

  it('reproduces the final ticket when its audits are replayed', () => {
    for (const c of small.cases) {
      const replay: StandInTicket = { ...c.ticket, status: 'new', group_id: null, assignee_id: null, tags: [] };
      for (const audit of c.audits)
        for (const e of audit.events)
          if (e.type === 'Create' || e.type === 'Change') followEvent(replay, e.field_name, e.value);
      expect(replay).toEqual(c.ticket);
    }
  });

  it('makes a customer pool whose users map cleanly', () => {
    const { customers } = big;
    expect(customers.length).toBeLessThan(big.cases.length);
    expect(new Set(customers.map((c) => c.user.email)).size).toBe(customers.length);
    const phones = customers.flatMap((c) => (c.user.phone ? [c.user.phone] : []));
    expect(new Set(phones).size).toBe(phones.length);
    expect(phones.length / customers.length).toBeGreaterThan(0.65);
    for (const { user, slackUserId } of customers) {
      expect(user.email).toMatch(/^[a-z]+\.[a-z]+\.\d+@example\.com$/);
      if (user.phone) expect(user.phone).toMatch(user.locale === 'nl' ? /^\+3161\d{7}$/ : /^\+4477\d{8}$/);
      if (slackUserId !== null) expect(slackUserId).toMatch(/^U[A-Z0-9]{8}$/);
      const profile = mapUser(userJson(user, BASE));
      expect(profile.timeZone).toBe(user.locale === 'nl' ? 'Europe/Amsterdam' : 'Europe/London');
      expect(user.time_zone).toBe(user.locale === 'nl' ? 'Amsterdam' : 'London');
    }
    const slack = customers.filter((c) => c.slackUserId).length / customers.length;
    expect(slack).toBeGreaterThan(0.5);
    expect(slack).toBeLessThan(0.7);
    // Phone channels only for customers with a phone.
    for (const c of big.cases) if (c.facts.phoneTouch) expect(c.customer.user.phone).toBeTruthy();
    // Some customers come back within 7 days.
    expect(big.cases.filter((c) => derive(c, big).drivers.repeatContact).length).toBeGreaterThan(20);
  });

  it("raises the rising team's handoffs after riseAt while the other teams stay low", () => {
    const rise = big.riseAt.getTime();
    for (const team of DEMO_TEAMS) {
      const ofTeam = big.cases.filter((c) => c.facts.team === team.id);
      const before = mean(ofTeam.filter((c) => c.createdAt.getTime() < rise).map((c) => c.facts.teamHandoffs));
      const after = mean(ofTeam.filter((c) => c.createdAt.getTime() >= rise).map((c) => c.facts.teamHandoffs));
      expect(before).toBeGreaterThan(0.1);
      expect(before).toBeLessThan(0.32);
      if (team.id === RISING_TEAM_ID) expect(after).toBeGreaterThan(1);
      else expect(after).toBeLessThan(0.32);
    }
  });

  it('generates a 1,000-ticket week well under a second', () => {
    const started = performance.now();
    const week = generateWeek({ seed: 1, days: 7, ticketsPerDay: 143, start: START });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(Math.abs(week.cases.length - 1001)).toBeLessThan(60);
  });
});

describe('customerAnswer', () => {
  const answers = big.cases.map((c) => ({ c, answer: customerAnswer(7, c) }));

  it('is deterministic per seed and ticket', () => {
    for (const { c, answer } of answers.slice(0, 50)) expect(customerAnswer(7, c)).toEqual(answer);
    expect(big.cases.map((c) => customerAnswer(8, c))).not.toEqual(answers.map((a) => a.answer));
  });

  it('stays silent or stops sometimes and scores 1-7 otherwise', () => {
    const share = (kind: string) => answers.filter((a) => a.answer.kind === kind).length / answers.length;
    expect(share('stop')).toBeGreaterThan(0.01);
    expect(share('stop')).toBeLessThan(0.06);
    expect(share('silent')).toBeCloseTo(0.3, 1);
    for (const { c, answer } of answers) {
      if (answer.kind !== 'score') continue;
      expect(Number.isInteger(answer.score) && answer.score >= 1 && answer.score <= 7).toBe(true);
      if (answer.score > 3) expect(answer.verbatim).toBeNull();
      if (answer.verbatim && c.customer.user.locale === 'nl') expect(answer.verbatim).not.toMatch(/\bI\b/);
    }
    expect(answers.some((a) => a.answer.kind === 'score' && a.answer.verbatim)).toBe(true);
  });

  it('scores high-handoff cases lower on average', () => {
    const scoresFor = (pick: (c: DemoCase) => boolean) =>
      answers.flatMap(({ c, answer }) => (answer.kind === 'score' && pick(c) ? [answer.score] : []));
    const easy = mean(
      scoresFor((c) => c.facts.teamHandoffs === 0 && c.facts.channelSwitches === 0 && !c.facts.reopened),
    );
    const bounced = mean(scoresFor((c) => c.facts.teamHandoffs >= 2));
    expect(easy).toBeGreaterThan(5.5);
    expect(bounced).toBeLessThan(easy - 1.5);
  });
});
