import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlertService } from '../../../src/app/alerts/alert-service.js';
import { recomputeStaleCases } from '../../../src/app/effort-model/recompute-stale-cases.js';
import { ScoringInForce } from '../../../src/app/effort-model/scoring-in-force.js';
import { EventBus } from '../../../src/app/event-bus.js';
import { recomputeEffort } from '../../../src/app/recompute-effort.js';
import { DEFAULT_DRIVER_DEFINITIONS, mergeDriverDefinitions } from '../../../src/domain/driver-definitions.js';
import { DEFAULT_EFFORT_WEIGHTS, mergeEffortWeights } from '../../../src/domain/effort-index.js';
import { ZENDESK_TICKET_UPDATE } from '../../../src/ports/outbox.js';
import type { Store } from '../../../src/ports/store.js';
import { alertHarness } from '../../support/alert-harness.js';
import { storeRoutedTicket } from '../../support/routed-ticket.js';
import { openTestStore } from '../../support/store.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const createdAt = new Date('2026-11-23T08:00:00Z');
let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

/** Stores tickets 1 (solved) and 2 (closed), scores them with `initial`, and wires the alert listener. */
async function setUp(initial: ScoringInForce) {
  const harness = alertHarness(store, NOW);
  const events = new EventBus();
  createAlertService(harness.deps).listen(events);
  await storeRoutedTicket(store, 1, createdAt);
  await storeRoutedTicket(store, 2, createdAt, { status: 'closed' });
  for (const id of [1, 2]) {
    await store.atomically(async () => {
      const scoring = initial.current();
      const effort = await recomputeEffort(store.tickets, id, {
        botUserId: null,
        weights: scoring.weights,
        definitions: scoring.definitions,
        now: NOW,
      });
      await events.emit({
        type: 'effort.computed',
        ticketId: id,
        index: effort!.score.index,
        level: effort!.score.level,
        at: NOW,
      });
    });
  }
  const deps = (scoring: ScoringInForce) => ({
    store,
    events,
    clock: { now: () => NOW },
    logger: harness.logs.logger,
    scoring,
    botUserId: async () => null,
    effortFieldId: 360001,
  });
  return { harness, deps };
}

async function caseSampleCount(): Promise<number> {
  const buckets = await store.alertSamples.listBuckets(0);
  return buckets.filter((b) => b.segment === 'all' && b.metric === 'team_handoffs').reduce((n, b) => n + b.stats.n, 0);
}

async function writebacks() {
  const outbox = await store.outbox.countByStatus();
  return outbox.pending ?? 0;
}

describe('recomputeStaleCases', () => {
  it('rescores every case after a change of definitions, counting each case once in the alert sums', async () => {
    const before = new ScoringInForce(DEFAULT_DRIVER_DEFINITIONS, DEFAULT_EFFORT_WEIGHTS);
    const { harness, deps } = await setUp(before);
    expect((await store.tickets.getEffort(1))!.drivers).toMatchObject({
      teamHandoffs: 0,
      firstContactResolution: true,
    });
    expect(await caseSampleCount()).toBe(2);

    const after = new ScoringInForce(mergeDriverDefinitions({ handoffs: 'any-change' }), DEFAULT_EFFORT_WEIGHTS);
    const report = await recomputeStaleCases(deps(after));

    expect(report).toEqual({ version: after.current().version, recomputed: 2, failed: 0, interrupted: false });
    expect((await store.tickets.getEffort(1))!.drivers).toMatchObject({
      teamHandoffs: 1,
      firstContactResolution: false,
    });
    expect(await store.tickets.countTicketsScoredOtherThan(after.current().version)).toBe(0);
    // Replaced, not added: still two cases, now with one handoff each.
    expect(await caseSampleCount()).toBe(2);
    const handoffs = (await store.alertSamples.listBuckets(0)).filter(
      (b) => b.segment === 'all' && b.metric === 'team_handoffs',
    );
    expect(handoffs.reduce((sum, b) => sum + b.stats.sum, 0)).toBe(2);
    expect(harness.deps.aggregates.seriesCount).toBeGreaterThan(0);
  });

  it('rewrites Zendesk only for solved tickets whose effort changed, and once', async () => {
    const before = new ScoringInForce(DEFAULT_DRIVER_DEFINITIONS, DEFAULT_EFFORT_WEIGHTS);
    const { deps } = await setUp(before);
    // The first scoring: ticket 1 is solved, nothing written yet, so the first pass writes it.
    const configured = await recomputeStaleCases(
      deps(new ScoringInForce(DEFAULT_DRIVER_DEFINITIONS, mergeEffortWeights({ reopen: 16 }))),
    );
    expect(configured.recomputed).toBe(2);
    expect(await writebacks()).toBe(1);

    // A weight of a driver these cases do not have: new version, same index, nothing to write.
    const unrelated = new ScoringInForce(DEFAULT_DRIVER_DEFINITIONS, mergeEffortWeights({ reopen: 30 }));
    expect((await recomputeStaleCases(deps(unrelated))).recomputed).toBe(2);
    expect(await writebacks()).toBe(1);

    // A change the solved ticket shows: one more write-back, for ticket 1 only (2 is closed).
    const anyChange = new ScoringInForce(mergeDriverDefinitions({ handoffs: 'any-change' }), DEFAULT_EFFORT_WEIGHTS);
    expect((await recomputeStaleCases(deps(anyChange))).recomputed).toBe(2);
    expect(await writebacks()).toBe(2);
    const message = await store.outbox.claimNext(NOW, 1000, [ZENDESK_TICKET_UPDATE]);
    expect(message?.ticketId).toBe(1);

    // Nothing stale any more: a second pass does nothing.
    expect((await recomputeStaleCases(deps(anyChange))).recomputed).toBe(0);
    expect(await writebacks()).toBe(1);
  });

  it('stops a pass when the scoring changes under it, for the caller to start again', async () => {
    const before = new ScoringInForce(DEFAULT_DRIVER_DEFINITIONS, DEFAULT_EFFORT_WEIGHTS);
    const { deps } = await setUp(before);
    const moving = new ScoringInForce(DEFAULT_DRIVER_DEFINITIONS, mergeEffortWeights({ reopen: 1 }));
    const events = deps(moving).events;
    let swapped = false;
    events.on('effort.computed', () => {
      if (!swapped) swapped = moving.use(mergeEffortWeights({ reopen: 2 }));
    });
    const report = await recomputeStaleCases(deps(moving));
    expect(report).toMatchObject({ recomputed: 1, interrupted: true });
    expect((await recomputeStaleCases(deps(moving))).recomputed).toBe(2);
  });
});
