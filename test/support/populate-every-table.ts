import { ZENDESK_PROVIDER } from '../../src/ports/inbox.js';
import { ZENDESK_TICKET_UPDATE } from '../../src/ports/outbox.js';
import type { Store } from '../../src/ports/store.js';
import { seedCase } from './dashboard-cases.js';

const day0 = Date.UTC(2026, 2, 2, 9);
const minutes = (n: number) => new Date(day0 + n * 60_000);

/**
 * Writes `cases` cases through the store's repositories, the way the service would, so every
 * table holds rows: tickets, customers, audits, timelines, drivers, surveys (answered ones
 * and an opt-out), dashboard facts, webhook deliveries, the outbox, sync state, alert
 * samples and their buckets, and alerts. Ids come from the store, gaps included.
 */
export async function populateEveryTable(store: Store, cases: number, firstTicket = 1): Promise<void> {
  for (let i = 0; i < cases; i++) {
    const id = firstTicket + i;
    const createdAt = minutes(i * 97);
    await seedCase(store, {
      id,
      createdAt,
      resolutionMinutes: i % 5 === 0 ? null : 30 + i,
      team: i % 3 === 0 ? null : 40 + (i % 3),
      channel: i % 2 === 0 ? 'email' : 'web',
      form: i % 4 === 0 ? null : 7,
      effortIndex: (i * 13) % 100,
      survey: i % 3 === 2 ? undefined : { score: i % 4 === 0 ? null : 1 + (i % 7), verbatim: `Said ${i}` },
    });
    const effort = await store.tickets.getEffort(id);
    if (!effort) throw new Error(`case ${id} has no effort`);
    const audits = [1, 2].map((n) => ({
      id: id * 10 + n,
      ticketId: id,
      createdAt: minutes(i * 97 + n),
      authorId: n === 1 ? 10_000 + id : 7,
      channel: 'email',
      viaRel: n === 2 ? 'trigger' : null,
      events: [{ kind: 'comment' as const, authorId: 7, public: n === 1, voice: false }],
    }));
    await store.tickets.replaceAudits(id, audits);
    const timeline = {
      ...effort.timeline,
      touches: audits.map((a) => ({
        auditId: a.id,
        at: a.createdAt,
        actor: a.authorId === 7 ? ('agent' as const) : ('customer' as const),
        authorId: a.authorId,
        channel: a.channel,
        public: a.id % 2 === 1,
      })),
      assignments: [{ auditId: audits[0]!.id, at: audits[0]!.createdAt, kind: 'group' as const, from: null, to: 41 }],
      statusChanges: [{ auditId: audits[1]!.id, at: audits[1]!.createdAt, from: 'new', to: 'open' }],
    };
    await store.tickets.saveEffort(id, timeline, effort.drivers, effort.score, effort.computedAt, `v${i % 2}`);
    await store.tickets.upsertCustomer(
      {
        id: 10_000 + id,
        name: `Customer ${id}`,
        email: null,
        phone: '+3161234',
        locale: 'nl',
        timeZone: null,
        role: null,
      },
      createdAt,
    );
    await store.deliveries.add({
      provider: ZENDESK_PROVIDER,
      deliveryId: `evt-${id}`,
      eventType: 'zen:event-type:ticket.status_changed',
      rawBody: JSON.stringify({ ticket: id, note: 'naïve ✓' }),
      receivedAt: createdAt,
      orderingKey: `ticket:${id}`,
    });
    await store.outbox.enqueue(
      {
        kind: ZENDESK_TICKET_UPDATE,
        dedupeKey: `effort:${id}`,
        ticketId: id,
        payload: {
          ticketId: id,
          update: { customFields: [], addTags: ['effort_high'], removeTags: [], internalNote: null },
        },
        notBefore: createdAt,
      },
      createdAt,
    );
    await store.alertSamples.record({
      key: `case:${id}`,
      ticketId: id,
      at: createdAt,
      team: i % 3 === 0 ? null : 40 + (i % 3),
      segments: ['all', i % 2 === 0 ? 'channel:email' : 'channel:web'],
      values: { effort_index: (i * 13) % 100, team_handoffs: i % 3 },
    });
    if (i % 4 === 1) {
      const alert = await store.alerts.create(
        { kind: 'low_score', subject: `survey:${id}`, ticketId: id, metrics: [], view: { title: `Case ${id}` } },
        createdAt,
      );
      if (i % 8 === 1) await store.alerts.update(alert.id, { status: 'resolved', resolvedAt: createdAt }, createdAt);
    }
  }
  await store.syncState.set('backfill:tickets', { cursor: 'abc', at: day0 }, minutes(0));
  await store.optOuts.set('+31600000001', true, 'sms', minutes(1));
  await store.pacing.holdUntil('zendesk:example.zendesk.com', minutes(2));
}
