import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKFILL_STATE_KEY, runBackfill, type BackfillProgress, type BackfillState } from '../../src/app/backfill.js';
import type { Store } from '../../src/ports/store.js';
import { ZendeskApiError } from '../../src/ports/errors.js';
import {
  E,
  fakeZendesk,
  makeEnv,
  NOW,
  sec,
  SINCE,
  snapshot,
  T1,
  TICKET_PAGES,
  type Env,
} from '../support/backfill-fixtures.js';
import { openTestStore } from '../support/store.js';

let store: Store;
let env: Env;
beforeEach(async () => {
  store = await openTestStore();
  env = makeEnv(store);
});
afterEach(async () => {
  await store.close();
});

const savedState = () => store.syncState.get<BackfillState>(BACKFILL_STATE_KEY);

describe('runBackfill', () => {
  it('imports every ticket and audit page, recomputes drivers and saves phase done', async () => {
    const zendesk = fakeZendesk(env);
    const progress: BackfillProgress[] = [];
    const summary = await runBackfill(env.deps(zendesk.port), { since: SINCE, onProgress: (p) => progress.push(p) });

    expect(summary).toEqual({ tickets: 3, audits: 12, auditsAdded: 12, recomputed: 3, resumed: false });
    expect(zendesk.calls.map((c) => c.arg)).toEqual([
      { startTime: E[0] },
      { cursor: 'c1' },
      { cursor: 'c2' },
      E[0],
      E[1],
      E[2],
    ]);
    expect((await store.tickets.getTicket(2))?.syncedAt).toBeNull();

    const one = await store.tickets.getEffort(1);
    expect(one?.drivers).toMatchObject({
      channelSwitches: 2,
      reopens: 1,
      teamHandoffs: 1,
      agentHandoffs: 1,
      customerContacts: 3,
      firstContactResolution: false,
    });
    expect((await store.tickets.getEffort(2))?.drivers).toMatchObject({
      channelSwitches: 0,
      reopens: 0,
      firstContactResolution: true,
      resolutionMinutes: 30,
    });
    const three = await store.tickets.getEffort(3);
    expect(three?.drivers).toMatchObject({ repeatContact: true, customerContacts: 1 });
    expect(three?.timeline.touches.map((t) => t.auditId)).toEqual([301, 303]); // the bot's note is not a touch
    expect((await store.tickets.listAudits(99)).map((a) => a.id)).toEqual([991]);
    expect(await store.tickets.getEffort(99)).toBeNull();
    expect(await store.tickets.listTicketsNeedingRecompute(10)).toEqual([]);
    expect(await savedState()).toMatchObject({ since: SINCE.toISOString(), phase: 'done' });

    expect(progress.map((p) => p.phase)).toEqual([
      'tickets',
      'tickets',
      'tickets',
      'events',
      'events',
      'events',
      'recompute',
    ]);
    expect(progress.every((p) => p.fraction >= 0 && p.fraction <= 1)).toBe(true);
    expect(progress[4]?.fraction).toBeCloseTo(3.5 / 9.5, 3); // 2026-03-04T12:00 of 2026-03-01 .. 03-10T12:00
    expect(progress.at(-1)).toEqual({ phase: 'recompute', fraction: 1, tickets: 3, audits: 12, recomputed: 3 });
  });

  it('paces export requests so that their starts are at least 6 s apart', async () => {
    const zendesk = fakeZendesk(env);
    await runBackfill(env.deps(zendesk.port), { since: SINCE });
    // Each request takes 1 s, so every later one waits the other 5 s.
    expect(env.sleeps).toEqual([5000, 5000, 5000, 5000, 5000]);
    const starts = zendesk.calls.map((c) => c.at);
    const gaps = starts.slice(1).map((at, i) => at - starts[i]!);
    expect(gaps.every((gap) => gap >= 6000)).toBe(true);
    const events = zendesk.calls.filter((c) => c.kind === 'events').map((c) => c.at);
    expect(events[1]! - events[0]!).toBe(6000);
    expect(events[2]! - events[1]!).toBe(6000);
  });

  it('resumes from the saved events position after a failure and ends like an uninterrupted run', async () => {
    const failing = fakeZendesk(env, { failOnEventsCall: 2 });
    await expect(runBackfill(env.deps(failing.port), { since: SINCE })).rejects.toThrow(ZendeskApiError);
    expect(await savedState()).toMatchObject({ phase: 'events', startTime: E[1] });

    const working = fakeZendesk(env);
    const summary = await runBackfill(env.deps(working.port), { since: SINCE });
    expect(summary).toMatchObject({ resumed: true, tickets: 0, audits: 8, recomputed: 3 });
    expect(working.calls.map((c) => [c.kind, c.arg])).toEqual([
      ['events', E[1]],
      ['events', E[2]],
    ]);

    const reference = await openTestStore();
    const refEnv = makeEnv(reference);
    await runBackfill(refEnv.deps(fakeZendesk(refEnv).port), { since: SINCE });
    expect(await snapshot(store)).toEqual(await snapshot(reference));
    await reference.close();
  });

  it('reruns safely after done with the same since: nothing is duplicated', async () => {
    await runBackfill(env.deps(fakeZendesk(env).port), { since: SINCE });
    const before = await snapshot(store);
    const again = await runBackfill(env.deps(fakeZendesk(env).port), { since: SINCE });
    expect(again).toMatchObject({ resumed: false, tickets: 3, audits: 12, auditsAdded: 0 });
    expect(await snapshot(store)).toEqual(before);
  });

  it('starts fresh when the saved run was for another since', async () => {
    await expect(
      runBackfill(env.deps(fakeZendesk(env, { failOnEventsCall: 2 }).port), { since: SINCE }),
    ).rejects.toThrow();
    const other = new Date('2026-02-20T00:00:00Z');
    const zendesk = fakeZendesk(env);
    const summary = await runBackfill(env.deps(zendesk.port), { since: other });
    expect(summary.resumed).toBe(false);
    expect(zendesk.calls[0]).toMatchObject({ kind: 'tickets', arg: { startTime: sec('2026-02-20T00:00:00Z') } });
    expect(zendesk.calls.find((c) => c.kind === 'events')?.arg).toBe(sec('2026-02-20T00:00:00Z'));
    expect(await savedState()).toMatchObject({ since: other.toISOString(), phase: 'done' });
  });

  it('stops the events export a minute before now, as Zendesk rejects later start times', async () => {
    const nearNow = (NOW + 20_000) / 1000; // after the ticket pages, this is within 60 s of now
    const zendesk = fakeZendesk(env, { eventPages: [{ audits: T1, nextStartTime: nearNow, endOfStream: false }] });
    const summary = await runBackfill(env.deps(zendesk.port), { since: SINCE });
    expect(zendesk.calls.filter((c) => c.kind === 'events')).toHaveLength(1);
    expect(summary).toMatchObject({ audits: 6, recomputed: 1 });
    expect((await savedState())?.phase).toBe('done');
  });

  it('fails instead of looping when the events export does not advance', async () => {
    const zendesk = fakeZendesk(env, { eventPages: [{ audits: T1, nextStartTime: E[0]!, endOfStream: false }] });
    await expect(runBackfill(env.deps(zendesk.port), { since: SINCE })).rejects.toThrow(/did not advance/);
    expect(await savedState()).toMatchObject({ phase: 'events', startTime: E[0] });
  });

  it('ends the recompute phase when flagged tickets are not cleared', async () => {
    const stuck: Store = {
      ...store,
      tickets: { ...store.tickets, listTicketsNeedingRecompute: async () => [1, 12345] },
    };
    await store.syncState.set(
      BACKFILL_STATE_KEY,
      { since: SINCE.toISOString(), phase: 'recompute', updatedAt: '' },
      new Date(NOW),
    );
    await store.tickets.upsertTicket(TICKET_PAGES[0]!.tickets[0]!, null);
    const summary = await runBackfill(env.deps(fakeZendesk(env).port, stuck), { since: SINCE });
    expect(summary).toMatchObject({ resumed: true, recomputed: 1 });
  });

  it('keeps a live-synced ticket that is at least as fresh as the export', async () => {
    const syncedAt = new Date(NOW - 3_600_000);
    await store.tickets.upsertTicket({ ...TICKET_PAGES[1]!.tickets[0]!, status: 'open' }, syncedAt);
    await runBackfill(env.deps(fakeZendesk(env).port), { since: SINCE });
    expect(await store.tickets.getTicket(2)).toMatchObject({ status: 'open', syncedAt });
  });

  it('refuses a since less than a minute in the past', async () => {
    await expect(runBackfill(env.deps(fakeZendesk(env).port), { since: new Date(NOW - 30_000) })).rejects.toThrow(
      RangeError,
    );
  });
});
