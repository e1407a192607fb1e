/**
 * What only PostgreSQL can get into: another connection holding a row or a key, a webhook
 * that commits after a later one, and rows written by hand. The behaviour every backend
 * shares is in queues.test.ts and queue-lifecycle.test.ts.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import { ORDERING_KEY_LOCK_SPACE } from '../../db/pg/lease-queue.js';
import { ZENDESK_PROVIDER, type NewDelivery } from '../../src/ports/inbox.js';
import { type NewOutboxMessage, SURVEY_SEND } from '../../src/ports/outbox.js';
import type { Store } from '../../src/ports/store.js';
import { createTestPostgresDatabase } from '../support/store.js';

const now = new Date('2026-03-02T10:00:00Z');
const delivery = (deliveryId: string, orderingKey: string | null): NewDelivery => ({
  provider: ZENDESK_PROVIDER,
  deliveryId,
  eventType: null,
  rawBody: '{}',
  receivedAt: now,
  orderingKey,
});

let url: string;
let store: Store;
/** Another session on the same database, as another instance would have. */
let other: pg.Client;
beforeEach(async () => {
  url = await createTestPostgresDatabase();
  store = await openStore(url, { migrate: true, poolSize: 3 });
  other = new pg.Client({ connectionString: url });
  await other.connect();
});
afterEach(async () => {
  await other.end();
  await store.close();
});

describe('PostgreSQL inbox claims shared with other sessions', () => {
  it('passes over a ticket whose key another claimer holds, and takes it once the key is free', async () => {
    await store.deliveries.add(delivery('t1', 'ticket:1'));
    await store.deliveries.add(delivery('t2', 'ticket:2'));
    await other.query('BEGIN');
    await other.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ORDERING_KEY_LOCK_SPACE, 'ticket:1']);
    expect((await store.deliveries.claimNext(now, 30_000))?.deliveryId).toBe('t2');
    expect(await store.deliveries.claimNext(now, 30_000)).toBeNull();
    await other.query('COMMIT');
    expect((await store.deliveries.claimNext(now, 30_000))?.deliveryId).toBe('t1');
  });

  it('passes over a delivery whose row another session has locked', async () => {
    const locked = await store.deliveries.add(delivery('a', null));
    await store.deliveries.add(delivery('b', null));
    await other.query('BEGIN');
    await other.query('SELECT id FROM webhook_deliveries WHERE id = $1 FOR UPDATE', [locked.id]);
    expect((await store.deliveries.claimNext(now, 30_000))?.deliveryId).toBe('b');
    expect(await store.deliveries.claimNext(now, 30_000)).toBeNull();
    await other.query('ROLLBACK');
    expect((await store.deliveries.claimNext(now, 30_000))?.deliveryId).toBe('a');
  });

  it('holds back a delivery that committed after a later one of its ticket started running', async () => {
    // The earlier webhook takes its id first but commits last (a slow instance).
    await other.query('BEGIN');
    await other.query(
      `INSERT INTO webhook_deliveries (provider, delivery_id, raw_body, received_at, ordering_key, next_attempt_at)
       VALUES ('zendesk', 'early', '{}', $1, 'ticket:1', $1)`,
      [now.getTime()],
    );
    const late = await store.deliveries.add(delivery('late', 'ticket:1'));
    expect((await store.deliveries.claimNext(now, 30_000))?.deliveryId).toBe('late');
    await other.query('COMMIT');
    expect(await store.deliveries.claimNext(now, 30_000)).toBeNull();
    await store.deliveries.markDone(late.id, 'done', now);
    expect((await store.deliveries.claimNext(now, 30_000))?.deliveryId).toBe('early');
  });

  it('never leases two deliveries of a ticket when a claim sees the other claim before it commits', async () => {
    const second = await openStore(url, { migrate: false, poolSize: 2 });
    await other.query('BEGIN');
    await other.query(
      `INSERT INTO webhook_deliveries (provider, delivery_id, raw_body, received_at, ordering_key, next_attempt_at)
       VALUES ('zendesk', 'early', '{}', $1, 'ticket:1', $1)`,
      [now.getTime()],
    );
    const late = await store.deliveries.add(delivery('late', 'ticket:1'));
    // One instance claims `late` inside a transaction that has not committed yet...
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    let claimedFirst: string | undefined;
    const claiming = store.atomically(async () => {
      claimedFirst = (await store.deliveries.claimNext(now, 30_000))?.deliveryId;
      await committed;
    });
    while (claimedFirst === undefined) await new Promise((resolve) => setImmediate(resolve));
    await other.query('COMMIT');
    // ...so another sees `late` still waiting, behind `early`, and `early` free to run: the key decides.
    expect(await second.deliveries.claimNext(now, 30_000)).toBeNull();
    commit();
    await claiming;
    expect(claimedFirst).toBe('late');
    expect(await second.deliveries.claimNext(now, 30_000)).toBeNull();
    await store.deliveries.markDone(late.id, 'done', now);
    expect((await second.deliveries.claimNext(now, 30_000))?.deliveryId).toBe('early');
    await second.close();
  });

  it('stores a webhook sent to two instances at once only once', async () => {
    const second = await openStore(url, { migrate: false, poolSize: 2 });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? store : second).deliveries.add(delivery('same', 'ticket:9'))),
    );
    await second.close();
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await store.deliveries.countByStatus()).toEqual({ pending: 1 });
  });
});

describe('PostgreSQL outbox', () => {
  it('hands out stored rows it cannot read as unreadable, and the readable ones as usual', async () => {
    const insert = (kind: string, dedupeKey: string, payload: string) =>
      other.query(
        `INSERT INTO outbox (kind, dedupe_key, payload, next_attempt_at, created_at, updated_at)
         VALUES ($1, $2, $3::jsonb, 0, 0, 0)`,
        [kind, dedupeKey, payload],
      );
    await insert(SURVEY_SEND, 'a', '{"survey": 12}');
    await insert('sms.legacy', 'b', '{}');
    await insert(SURVEY_SEND, 'c', '{"surveyId": 12}');
    const at = new Date(1_000);
    expect(await store.outbox.claimNext(at, 60_000)).toMatchObject({
      kind: SURVEY_SEND,
      payload: { survey: 12 },
      problem: expect.stringMatching(/does not fit survey\.send \(surveyId: /),
    });
    expect(await store.outbox.claimNext(at, 60_000)).toMatchObject({
      kind: 'sms.legacy',
      problem: expect.stringMatching(/no such kind/),
    });
    expect(await store.outbox.claimNext(at, 60_000)).toMatchObject({
      dedupeKey: 'c',
      ticketId: null,
      attempts: 1,
      retryFrom: new Date(0),
      previousOutcomeUnknown: false,
      payload: { surveyId: 12 },
    });
  });

  it('passes over a message whose row another session has locked', async () => {
    const message = (dedupeKey: string): NewOutboxMessage<typeof SURVEY_SEND> => ({
      kind: SURVEY_SEND,
      dedupeKey,
      ticketId: 1,
      payload: { surveyId: 1 },
      notBefore: now,
    });
    const locked = await store.outbox.enqueue(message('first'), now);
    await store.outbox.enqueue(message('second'), now);
    await other.query('BEGIN');
    await other.query('SELECT id FROM outbox WHERE id = $1 FOR UPDATE', [locked.id]);
    expect((await store.outbox.claimNext(now, 30_000))?.dedupeKey).toBe('second');
    expect(await store.outbox.claimNext(now, 30_000)).toBeNull();
    await other.query('ROLLBACK');
    expect((await store.outbox.claimNext(now, 30_000))?.dedupeKey).toBe('first');
  });

  it('queues a message enqueued by two instances at once only once', async () => {
    const second = await openStore(url, { migrate: false, poolSize: 2 });
    const message: NewOutboxMessage<typeof SURVEY_SEND> = {
      kind: SURVEY_SEND,
      dedupeKey: 'survey:1',
      ticketId: 1,
      payload: { surveyId: 1 },
      notBefore: now,
    };
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? store : second).outbox.enqueue(message, now)),
    );
    await second.close();
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
  });
});
