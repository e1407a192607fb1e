/**
 * The backfill's recompute phase with its alert samples, the part of a backfill that runs
 * without waiting for Zendesk: runBackfill (a page of cases and their samples per
 * transaction, the samples through recordMany) against the one-case-at-a-time loop it
 * replaced (each case's effort saved in its own transaction, then its sample through record),
 * on the same imported tickets in fresh file-backed databases, in the same run. Both must end
 * with the same buckets.
 *
 *   npx tsx bench/backfill-recompute.bench.ts
 *   BACKFILL_BENCH_TICKETS=20000 npx tsx bench/backfill-recompute.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../db/open-store.js';
import { createAlertService } from '../src/app/alerts/alert-service.js';
import { recordCaseSample } from '../src/app/alerts/record-samples.js';
import { BACKFILL_STATE_KEY, runBackfill } from '../src/app/backfill.js';
import { recomputeEffort } from '../src/app/recompute-effort.js';
import type { AuditEvent, TicketAudit } from '../src/domain/audit.js';
import { DEFAULT_EFFORT_WEIGHTS } from '../src/domain/effort-index.js';
import type { TicketSnapshot } from '../src/domain/ticket.js';
import { createLogger } from '../src/logger.js';
import type { Store } from '../src/ports/store.js';
import type { ZendeskPort } from '../src/ports/zendesk.js';
import { alertHarness } from '../test/support/alert-harness.js';
import { benchHeader, positiveNumber } from './bench-report.js';

const TICKETS = positiveNumber('BACKFILL_BENCH_TICKETS', 5_000);
const SINCE = new Date('2026-08-01T00:00:00Z');
const NOW = new Date('2026-11-01T00:00:00Z');
const BOT = 1;
const CHANNELS = ['email', 'web', 'chat', 'voice'];

benchHeader(`recompute phase of a backfill, ${TICKETS.toLocaleString('en')} imported tickets`);

/** A solved ticket with 4 audits: the customer writes, an agent answers, the customer again, solved. */
function importedTicket(id: number): { ticket: TicketSnapshot; audits: TicketAudit[] } {
  const created = SINCE.getTime() + id * 600_000;
  const customer = 10_000 + (id % 3_000);
  const agent = 100 + (id % 40);
  const comment = (authorId: number): AuditEvent => ({ kind: 'comment', authorId, public: true, voice: false });
  const audit = (n: number, authorId: number, events: AuditEvent[]): TicketAudit => ({
    id: id * 10 + n,
    ticketId: id,
    createdAt: new Date(created + n * 1_800_000),
    authorId,
    channel: CHANNELS[(id + n) % CHANNELS.length] as string,
    events,
  });
  return {
    ticket: {
      id,
      requesterId: customer,
      status: 'solved',
      groupId: 1 + (id % 8),
      assigneeId: agent,
      channel: CHANNELS[id % CHANNELS.length] as string,
      tags: [],
      formId: null,
      type: null,
      subject: `ticket ${id}`,
      createdAt: new Date(created),
      updatedAt: new Date(created + 4 * 1_800_000),
    },
    audits: [
      audit(1, customer, [comment(customer), { kind: 'status', previous: null, value: 'new' }]),
      audit(2, agent, [comment(agent), { kind: 'assignee', previous: null, value: agent }]),
      audit(3, customer, [comment(customer)]),
      audit(4, agent, [comment(agent), { kind: 'status', previous: 'open', value: 'solved' }]),
    ],
  };
}

const imported = Array.from({ length: TICKETS }, (_, i) => importedTicket(i + 1));
const logger = createLogger({ level: 'silent' });
const zendesk = { getBotUserId: async () => BOT } as unknown as ZendeskPort;

async function timed(recompute: (store: Store) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'effortless-backfill-'));
  const store = await openStore(`file:${join(dir, 'effortless.db')}`, { migrate: true });
  try {
    for (let i = 0; i < imported.length; i += 500) {
      const page = imported.slice(i, i + 500);
      await store.atomically(async () => {
        for (const { ticket } of page) await store.tickets.upsertTicket(ticket, null);
      });
      await store.tickets.addAudits(page.flatMap((t) => t.audits));
    }
    const started = performance.now();
    await recompute(store);
    const seconds = (performance.now() - started) / 1000;
    const flagged = await store.tickets.listTicketsNeedingRecompute(1);
    const buckets = await store.alertSamples.listBuckets(0);
    if (flagged.length > 0) throw new Error('cases left to recompute');
    return { seconds, n: buckets.reduce((sum, b) => sum + b.stats.n, 0) };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const bulk = await timed(async (store) => {
  // The saved position of a run whose exports are done: runBackfill goes on with the recompute.
  await store.syncState.set(
    BACKFILL_STATE_KEY,
    { since: SINCE.toISOString(), phase: 'recompute', updatedAt: NOW.toISOString() },
    NOW,
  );
  const alerts = createAlertService(alertHarness(store, NOW).deps);
  await runBackfill(
    {
      zendesk,
      store,
      clock: { now: () => NOW },
      logger,
      sleep: async () => {},
      effortWeights: DEFAULT_EFFORT_WEIGHTS,
      onCasesRecomputed: async (cases) => void (await alerts.recordSolvedCases(cases, NOW)),
    },
    { since: SINCE },
  );
});
const oneByOne = await timed(async (store) => {
  const deps = alertHarness(store, NOW).deps;
  for (;;) {
    const ids = await store.tickets.listTicketsNeedingRecompute(500);
    if (ids.length === 0) break;
    for (const id of ids) {
      await recomputeEffort(store.tickets, id, { botUserId: BOT, weights: DEFAULT_EFFORT_WEIGHTS, now: NOW });
      await recordCaseSample(deps, id, NOW);
    }
  }
});
if (bulk.n !== oneByOne.n) throw new Error(`the two paths disagree: ${JSON.stringify({ bulk, oneByOne })}`);
const rate = (r: { seconds: number }) => TICKETS / r.seconds;
console.log(
  '\n| measure | backfill (a page per transaction, samples in bulk) | one case at a time (reference) | ratio |',
);
console.log('| --- | --- | --- | --- |');
console.log(
  `| cases recomputed and sampled per second (${TICKETS.toLocaleString('en')} solved tickets, 4 audits each) | ${rate(bulk).toFixed(0)} (${bulk.seconds.toFixed(2)} s) | ${rate(oneByOne).toFixed(0)} (${oneByOne.seconds.toFixed(2)} s) | ${(rate(bulk) / rate(oneByOne)).toFixed(1)}x |`,
);
