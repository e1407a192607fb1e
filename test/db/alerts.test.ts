import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewAlert } from '../../src/domain/alerts/alert.js';
import type { Store } from '../../src/ports/store.js';
import { openStore } from '../../db/open-store.js';
import { createTestPostgresDatabase, STORE_BACKENDS } from '../support/store.js';

const t0 = new Date('2026-03-02T10:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

const metricAlert = (overrides: Partial<NewAlert> = {}): NewAlert => ({
  kind: 'metric',
  subject: 'group:42',
  ticketId: null,
  metrics: ['effort_index', 'team_handoffs'],
  view: { title: 'Effort rose in Billing', fields: [{ label: 'Effort index', value: '52 → 61' }] },
  ...overrides,
});
const lowScore = (surveyId: number): NewAlert => ({
  kind: 'low_score',
  subject: `survey:${surveyId}`,
  ticketId: 7,
  metrics: [],
  view: null,
});

describe.each(STORE_BACKENDS)('$name', ({ open }) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  describe('alert store', () => {
    it('creates an open alert and reads it back', async () => {
      const created = await store.alerts.create(metricAlert(), t0);
      expect(created).toEqual({
        id: expect.any(Number),
        ...metricAlert(),
        status: 'open',
        openedAt: t0,
        acknowledgedBy: null,
        acknowledgedAt: null,
        resolvedAt: null,
        lastNotifiedAt: t0,
        slackChannel: null,
        slackTs: null,
        createdAt: t0,
        updatedAt: t0,
      });
      expect(await store.alerts.getById(created.id)).toEqual(created);
      expect(await store.alerts.getById(created.id + 1)).toBeNull();
      expect((await store.alerts.create(lowScore(3), t0)).view).toBeNull();
    });

    it('finds the active alert of a kind and subject', async () => {
      const metric = await store.alerts.create(metricAlert(), t0);
      const low = await store.alerts.create(lowScore(3), at(1));
      expect(await store.alerts.findActive('metric', 'group:42')).toEqual(metric);
      expect(await store.alerts.findActive('low_score', 'survey:3')).toEqual(low);
      expect(await store.alerts.findActive('low_score', 'group:42')).toBeNull();
      expect(await store.alerts.findActive('metric', 'group:43')).toBeNull();
    });

    it('lists the open and acknowledged alerts of a kind, oldest first', async () => {
      const a = await store.alerts.create(metricAlert({ subject: 'all' }), at(2));
      const b = await store.alerts.create(metricAlert({ subject: 'group:42' }), at(1));
      const c = await store.alerts.create(metricAlert({ subject: 'channel:chat' }), at(3));
      await store.alerts.create(lowScore(3), at(0));
      await store.alerts.update(a.id, { status: 'acknowledged', acknowledgedBy: 'U123', acknowledgedAt: at(4) }, at(4));
      await store.alerts.update(c.id, { status: 'resolved', resolvedAt: at(5) }, at(5));
      expect((await store.alerts.listActive('metric')).map((r) => [r.id, r.status])).toEqual([
        [b.id, 'open'],
        [a.id, 'acknowledged'],
      ]);
      expect((await store.alerts.listActive('low_score')).map((r) => r.subject)).toEqual(['survey:3']);
    });

    it('updates the fields it is given and stamps the change', async () => {
      const created = await store.alerts.create(metricAlert(), t0);
      const posted = await store.alerts.update(created.id, { slackChannel: 'C1', slackTs: '1700000000.000100' }, at(1));
      expect(posted).toEqual({ ...created, slackChannel: 'C1', slackTs: '1700000000.000100', updatedAt: at(1) });
      const acked = await store.alerts.update(
        created.id,
        {
          status: 'acknowledged',
          acknowledgedBy: 'U123',
          acknowledgedAt: at(2),
          metrics: ['effort_index', 'team_handoffs', 'reopen_rate'],
          view: { title: 'acked' },
          lastNotifiedAt: at(2),
        },
        at(2),
      );
      expect(acked).toEqual({
        ...posted,
        status: 'acknowledged',
        acknowledgedBy: 'U123',
        acknowledgedAt: at(2),
        metrics: ['effort_index', 'team_handoffs', 'reopen_rate'],
        view: { title: 'acked' },
        lastNotifiedAt: at(2),
        updatedAt: at(2),
      });
      expect(await store.alerts.getById(created.id)).toEqual(acked);
      const cleared = await store.alerts.update(created.id, { acknowledgedBy: null, acknowledgedAt: null }, at(3));
      expect(cleared).toMatchObject({ acknowledgedBy: null, acknowledgedAt: null, status: 'acknowledged' });
    });

    it('refuses to update an unknown alert', async () => {
      await expect(store.alerts.update(999, { status: 'resolved' }, t0)).rejects.toThrow(/alert 999 not found/);
    });

    it('refuses a second active alert for the same kind and subject, and allows one once it is resolved', async () => {
      const first = await store.alerts.create(metricAlert(), t0);
      await expect(store.alerts.create(metricAlert({ metrics: ['reopen_rate'] }), at(1))).rejects.toThrow(
        /open or acknowledged metric alert for "group:42" already exists/,
      );
      await store.alerts.update(first.id, { status: 'acknowledged' }, at(2));
      await expect(store.alerts.create(metricAlert(), at(3))).rejects.toThrow(/already exists/);
      // Same subject, other kind: a different alert.
      await store.alerts.create({ ...metricAlert(), kind: 'low_score' }, at(3));

      await store.alerts.update(first.id, { status: 'resolved', resolvedAt: at(4) }, at(4));
      const second = await store.alerts.create(metricAlert(), at(5));
      expect(second.id).not.toBe(first.id);
      expect(await store.alerts.findActive('metric', 'group:42')).toEqual(second);
      // The resolved one cannot come back while the new one is active.
      await expect(store.alerts.update(first.id, { status: 'open' }, at(6))).rejects.toThrow(
        /cannot become active again/,
      );
    });

    it('tells when the last alert for a subject was resolved', async () => {
      expect(await store.alerts.lastResolvedAt('metric', 'group:42')).toBeNull();
      const first = await store.alerts.create(metricAlert(), t0);
      expect(await store.alerts.lastResolvedAt('metric', 'group:42')).toBeNull();
      await store.alerts.update(first.id, { status: 'resolved', resolvedAt: at(10) }, at(10));
      const second = await store.alerts.create(metricAlert(), at(20));
      await store.alerts.update(second.id, { status: 'resolved', resolvedAt: at(30) }, at(30));
      const other = await store.alerts.create(metricAlert({ subject: 'group:43' }), at(40));
      await store.alerts.update(other.id, { status: 'resolved', resolvedAt: at(50) }, at(50));
      expect(await store.alerts.lastResolvedAt('metric', 'group:42')).toEqual(at(30));
      expect(await store.alerts.lastResolvedAt('low_score', 'group:42')).toBeNull();
    });

    it('lists recent alerts newest first, ties by id, up to the limit', async () => {
      const a = await store.alerts.create(metricAlert({ subject: 'all' }), at(1));
      const b = await store.alerts.create(lowScore(3), at(3));
      const c = await store.alerts.create(lowScore(4), at(3));
      const d = await store.alerts.create(metricAlert(), at(2));
      await store.alerts.update(a.id, { status: 'resolved', resolvedAt: at(4) }, at(4));
      expect((await store.alerts.listRecent(10)).map((r) => r.id)).toEqual([c.id, b.id, d.id, a.id]);
      expect((await store.alerts.listRecent(2)).map((r) => r.id)).toEqual([c.id, b.id]);
    });
  });
});

describe('PostgreSQL: alerts from two instances at once', () => {
  it('opens one active alert per kind and subject when two instances create it at the same moment', async () => {
    const url = await createTestPostgresDatabase();
    const stores = [
      await openStore(url, { migrate: true, poolSize: 2 }),
      await openStore(url, { migrate: true, poolSize: 2 }),
    ];
    try {
      for (const subject of ['group:1', 'group:2', 'group:3', 'group:4']) {
        const outcomes = await Promise.allSettled(
          stores.map((s) =>
            // Inside a transaction, as the evaluator's callers may be: the loser can still go on.
            s.atomically(async () => {
              try {
                return await s.alerts.create(metricAlert({ subject }), t0);
              } catch {
                return s.alerts.findActive('metric', subject);
              }
            }),
          ),
        );
        const ids = outcomes.map((o) => (o.status === 'fulfilled' ? o.value?.id : o.reason));
        expect(ids[0]).toEqual(expect.any(Number));
        expect(ids[1]).toBe(ids[0]);
      }
      expect(await stores[0]!.alerts.listRecent(10)).toHaveLength(4);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
