import type { AlertDeps } from '../../src/app/alerts/alert-deps.js';
import type { AlertSettings } from '../../src/app/alerts/alert-settings.js';
import { MetricAggregates } from '../../src/domain/alerts/aggregates.js';
import { DEFAULT_ALERT_TIMING } from '../../src/domain/alerts/alert-state.js';
import type { AlertThreadUpdateView } from '../../src/domain/alerts/alert-view.js';
import { DEFAULT_SEGMENT_RULES } from '../../src/domain/alerts/rules.js';
import type { EffortDrivers } from '../../src/domain/drivers.js';
import { DEFAULT_EFFORT_WEIGHTS, scoreEffort } from '../../src/domain/effort-index.js';
import type { TicketSnapshot } from '../../src/domain/ticket.js';
import type { AlertMessageView, AlertPoster } from '../../src/ports/alert-channel.js';
import type { OutboxTag } from '../../src/ports/outbox-tag.js';
import type { Store } from '../../src/ports/store.js';
import { captureLogs } from './capture-logs.js';
import { CONTRACT_DRIVERS } from './contract-drivers.js';

export function alertSettings(overrides: Partial<AlertSettings> = {}): AlertSettings {
  return {
    rules: { defaults: DEFAULT_SEGMENT_RULES, overrides: {} },
    timing: DEFAULT_ALERT_TIMING,
    evaluateEveryMs: 300_000,
    watch: { tags: ['vip'], formIds: [] },
    teamNames: { '42': 'Billing', '43': 'Shipping' },
    lowScore: { enabled: true, maxScore: 2 },
    channel: 'C0LEADS',
    dashboardUrl: 'https://effort.example.com/',
    zendeskUrl: 'https://acme.zendesk.com',
    effortWeights: DEFAULT_EFFORT_WEIGHTS,
    ...overrides,
  };
}

/** AlertDeps over a real (test) store with a clock the test moves. */
export function alertHarness(store: Store, start = new Date('2026-11-23T12:00:00Z'), settings = alertSettings()) {
  const logs = captureLogs();
  let now = start;
  const deps: AlertDeps = {
    store,
    clock: { now: () => now },
    logger: logs.logger,
    settings,
    aggregates: new MetricAggregates(),
  };
  return {
    deps,
    logs,
    setNow(date: Date) {
      now = date;
    },
  };
}

/** A solved ticket with stored drivers (CONTRACT example by default: 2 team handoffs, 2 switches). */
export async function storeSolvedTicket(
  store: Store,
  id: number,
  at: Date,
  overrides: { drivers?: Partial<EffortDrivers>; ticket?: Partial<TicketSnapshot>; scoringVersion?: string } = {},
) {
  const ticket: TicketSnapshot = {
    id,
    requesterId: 9000 + id,
    status: 'solved',
    groupId: 42,
    assigneeId: 7,
    channel: 'email',
    tags: [],
    formId: null,
    type: null,
    subject: 'Refund',
    createdAt: new Date(at.getTime() - 3_600_000),
    updatedAt: at,
    ...overrides.ticket,
  };
  await store.tickets.upsertTicket(ticket, at);
  await store.tickets.upsertCustomer(
    {
      id: ticket.requesterId!,
      name: 'Anna de Vries',
      email: null,
      phone: '+31612345678',
      locale: 'nl',
      timeZone: null,
    },
    at,
  );
  const drivers = { ...CONTRACT_DRIVERS, ...overrides.drivers };
  const timeline = {
    ticketId: id,
    requesterId: ticket.requesterId,
    createdAt: ticket.createdAt,
    touches: [],
    assignments: [],
    statusChanges: [{ auditId: 1, at, from: 'open', to: 'solved' }],
  };
  await store.tickets.saveEffort(id, timeline, drivers, scoreEffort(drivers), at, overrides.scoringVersion);
  return ticket;
}

/** Records every call, hands out Slack-like timestamps, and can fail on demand. */
export class FakeAlertPoster implements AlertPoster {
  posts: Array<{ channel: string; message: AlertMessageView }> = [];
  updates: Array<{ channel: string; ts: string; message: AlertMessageView }> = [];
  threads: Array<{ channel: string; threadTs: string; view: AlertThreadUpdateView }> = [];
  failWith: Error[] = [];
  private seq = 0;

  private next(): string {
    const error = this.failWith.shift();
    if (error) throw error;
    this.seq += 1;
    return `1700000000.${String(this.seq).padStart(6, '0')}`;
  }
  /** Posts Slack holds with their outbox tag, also one whose answer a test says was lost. */
  taken: Array<{ tag: OutboxTag | undefined; channel: string; ts: string; threadTs: string | null }> = [];
  lookups = 0;
  async postAlert(channel: string, message: AlertMessageView, tag?: OutboxTag) {
    const ts = this.next();
    this.posts.push({ channel, message });
    this.taken.push({ tag, channel: 'C0LEADSID', ts, threadTs: null });
    return { channel: 'C0LEADSID', ts };
  }
  async updateAlert(channel: string, ts: string, message: AlertMessageView) {
    this.next();
    this.updates.push({ channel, ts, message });
  }
  async postThreadUpdate(channel: string, threadTs: string, view: AlertThreadUpdateView, tag?: OutboxTag) {
    const ts = this.next();
    this.threads.push({ channel, threadTs, view });
    this.taken.push({ tag, channel, ts, threadTs });
    return { ts };
  }
  async findPostedAlert(_channel: string, tag: OutboxTag) {
    this.lookups += 1;
    const hit = this.taken.find((p) => p.threadTs === null && sameTag(p.tag, tag));
    return hit ? { channel: hit.channel, ts: hit.ts } : null;
  }
  async findThreadUpdate(channel: string, threadTs: string, tag: OutboxTag) {
    this.lookups += 1;
    const hit = this.taken.find((p) => p.channel === channel && p.threadTs === threadTs && sameTag(p.tag, tag));
    return hit ? { ts: hit.ts } : null;
  }
}

function sameTag(a: OutboxTag | undefined, b: OutboxTag): boolean {
  return a?.outboxId === b.outboxId && a.dedupeKey === b.dedupeKey;
}
