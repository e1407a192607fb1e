/**
 * Several service processes on one PostgreSQL: each claimer here has a store of its own (its
 * own pool, as a separate process would), and they all claim at once. No timings are
 * asserted: only that every row is handed out once and one ticket never runs twice at once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import { ZENDESK_PROVIDER, type NewDelivery } from '../../src/ports/inbox.js';
import { SLACK_ALERT, SURVEY_SEND, type NewOutboxMessage, type OutboxKind } from '../../src/ports/outbox.js';
import type { Store } from '../../src/ports/store.js';
import { createTestPostgresDatabase } from '../support/store.js';

const INSTANCES = 4;
const LOOPS_PER_INSTANCE = 2;
const now = new Date('2026-03-02T10:00:00Z');
const LEASE_MS = 10 * 60_000;

let instances: Store[];
/** Looks at the database as it is, outside any instance. */
let observer: pg.Pool;
beforeEach(async () => {
  const url = await createTestPostgresDatabase();
  instances = await Promise.all(
    Array.from({ length: INSTANCES }, () => openStore(url, { migrate: false, poolSize: 3 })),
  );
  observer = new pg.Pool({ connectionString: url, max: 2 });
});
afterEach(async () => {
  await observer.end();
  await Promise.all(instances.map((store) => store.close()));
});

const delivery = (deliveryId: string, orderingKey: string | null): NewDelivery => ({
  provider: ZENDESK_PROVIDER,
  deliveryId,
  eventType: null,
  rawBody: '{}',
  receivedAt: now,
  orderingKey,
});

/** Keys with more than one delivery leased right now, as the database sees it. */
async function keysLeasedTwice(): Promise<string[]> {
  const result = await observer.query<{ key: string }>(
    `SELECT ordering_key AS key FROM webhook_deliveries WHERE status = 'processing' AND ordering_key IS NOT NULL
     GROUP BY ordering_key HAVING count(*) > 1`,
  );
  return result.rows.map((row) => row.key);
}

interface Run {
  claimed: number[];
  /** Per key, the ids in the order they were handled. */
  order: Map<string, number[]>;
  overlaps: string[];
}

/** Every loop of every instance claims until `expected` deliveries are done (or `producing` is over and none is left). */
async function workInbox(expected: () => number, producing: Promise<unknown> = Promise.resolve()): Promise<Run> {
  const run: Run = { claimed: [], order: new Map(), overlaps: [] };
  const running = new Set<string>();
  let finished = false;
  void producing.then(() => {
    finished = true;
  });
  const loop = async (store: Store) => {
    while (!(finished && run.claimed.length >= expected())) {
      const claimed = await store.deliveries.claimNext(now, LEASE_MS);
      if (!claimed) {
        await sleep(1);
        continue;
      }
      run.claimed.push(claimed.id);
      const key = claimed.orderingKey ?? `alone:${claimed.id}`;
      if (running.has(key)) run.overlaps.push(key);
      running.add(key);
      run.order.set(key, [...(run.order.get(key) ?? []), claimed.id]);
      run.overlaps.push(...(await keysLeasedTwice()));
      await sleep(Math.floor(Math.random() * 3));
      // Off the list before the row is done: the next claim of this key may follow at once.
      running.delete(key);
      await store.deliveries.markDone(claimed.id, 'done', now);
    }
  };
  await Promise.all(instances.flatMap((store) => Array.from({ length: LOOPS_PER_INSTANCE }, () => loop(store))));
  return run;
}

describe('PostgreSQL inbox with several instances claiming at once', () => {
  it('hands every delivery out once, one per ticket at a time, in the order of each ticket', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 120; i++) {
      const key = i % 10 === 9 ? null : `ticket:${i % 8}`;
      ids.push((await instances[i % INSTANCES]!.deliveries.add(delivery(`d${i}`, key))).id);
    }
    const run = await workInbox(() => ids.length);
    expect(run.overlaps).toEqual([]);
    expect([...run.claimed].sort((a, b) => a - b)).toEqual(ids);
    for (const [key, handled] of run.order) {
      if (key.startsWith('ticket:')) expect(handled).toEqual([...handled].sort((a, b) => a - b));
    }
    expect(await instances[0]!.deliveries.countByStatus()).toEqual({ done: 120 });
  });

  it('keeps one ticket at a time while webhooks of the same tickets arrive at every instance', async () => {
    const added: number[] = [];
    const producing = Promise.all(
      instances.map(async (store, instance) => {
        for (let i = 0; i < 30; i++) {
          const { id } = await store.deliveries.add(delivery(`i${instance}-${i}`, `ticket:${i % 5}`));
          added.push(id);
        }
      }),
    );
    const run = await workInbox(() => added.length, producing);
    expect(run.overlaps).toEqual([]);
    expect([...run.claimed].sort((a, b) => a - b)).toEqual([...added].sort((a, b) => a - b));
    expect(await instances[0]!.deliveries.countByStatus()).toEqual({ done: 120 });
  });
});

describe('PostgreSQL outbox with several instances claiming at once', () => {
  it('hands every message out once, to loops asking for all kinds or one', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 120; i++) {
      const message: NewOutboxMessage =
        i % 3 === 0
          ? { kind: SURVEY_SEND, dedupeKey: `s${i}`, ticketId: i, payload: { surveyId: i }, notBefore: now }
          : {
              kind: SLACK_ALERT,
              dedupeKey: `a${i}`,
              ticketId: null,
              payload: {
                op: 'thread',
                alertId: i,
                view: { alertId: i, kind: 'resolved', segmentLabel: 'All', changes: [], windowText: 'today' },
              },
              notBefore: now,
            };
      ids.push((await instances[i % INSTANCES]!.outbox.enqueue(message, now)).id);
    }
    const sent: number[] = [];
    const loop = async (store: Store, kinds?: OutboxKind[]) => {
      for (;;) {
        const claimed = await store.outbox.claimNext(now, LEASE_MS, kinds);
        if (!claimed) return;
        sent.push(claimed.id);
        await sleep(Math.floor(Math.random() * 3));
        await store.outbox.markSent(claimed.id, `p${claimed.id}`, now);
      }
    };
    await Promise.all(
      instances.flatMap((store) => [loop(store), loop(store, [SLACK_ALERT]), loop(store, [SURVEY_SEND])]),
    );
    expect([...sent].sort((a, b) => a - b)).toEqual(ids);
    expect(await instances[0]!.outbox.countByStatus()).toEqual({ sent: 120 });
  });
});
