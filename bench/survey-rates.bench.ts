/**
 * Survey rates at scale: `surveys.countOutcomes()` (what GET /api/surveys/rates and every
 * /metrics scrape read) on a SQLite database holding SURVEY_RATES_BENCH_SURVEYS surveys
 * (default 1,000,000), against the GROUP BY over every survey it replaced, run on the same
 * database in the same run. Both must give the same counts. On SQLite either runs on the
 * service's only thread: the time is how long the service stops for each scrape.
 *
 *   npx tsx bench/survey-rates.bench.ts
 *   SURVEY_RATES_BENCH_SURVEYS=100000 npx tsx bench/survey-rates.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openStore } from '../db/open-store.js';
import { benchHeader, median, positiveNumber } from './bench-report.js';

const SURVEYS = positiveNumber('SURVEY_RATES_BENCH_SURVEYS', 1_000_000);
const ROUNDS = 5;
const CHANNELS = ['sms', 'slack', 'messaging', 'whatsapp'];

benchHeader(`${SURVEYS.toLocaleString('en')} surveys in a file-backed SQLite database, ${ROUNDS} rounds`);

const WRITES = Math.min(20_000, Math.floor(SURVEYS / (4 * ROUNDS)));

/**
 * Microseconds per survey update that moves it between buckets, with the counting triggers and
 * then (on other surveys of the same database) after dropping them; each its own transaction,
 * as the service writes them.
 */
function triggerWriteCost(path: string): { withTriggers: number; without: number } {
  const db = new Database(path);
  const answer = db.prepare(
    "UPDATE surveys SET status = 'answered', answered_at = ?, score = 4 WHERE id = ? AND answered_at IS NULL",
  );
  const candidates = (
    db.prepare('SELECT id FROM surveys WHERE answered_at IS NULL AND sent_at IS NOT NULL').pluck().all() as number[]
  ).slice(0, 2 * ROUNDS * WRITES);
  const timeOne = (ids: number[]) => {
    const t = performance.now();
    for (const id of ids) answer.run(Date.now(), id);
    return ((performance.now() - t) * 1000) / ids.length;
  };
  const withTriggers: number[] = [];
  const without: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    withTriggers.push(timeOne(candidates.slice(round * WRITES, (round + 1) * WRITES)));
  }
  for (const name of ['insert', 'delete', 'update']) db.exec(`DROP TRIGGER survey_outcome_counts_${name}`);
  for (let round = ROUNDS; round < 2 * ROUNDS; round++) {
    without.push(timeOne(candidates.slice(round * WRITES, (round + 1) * WRITES)));
  }
  db.close();
  return { withTriggers: median(withTriggers), without: median(without) };
}

const dir = mkdtempSync(join(tmpdir(), 'effortless-rates-'));
const path = join(dir, 'effortless.db');
try {
  await (await openStore(`file:${path}`, { migrate: true })).close();
  const fill = new Database(path);
  fill.pragma('foreign_keys = OFF'); // surveys without their tickets: only the survey columns count here
  const insert = fill.prepare(
    `INSERT INTO surveys (ticket_id, kind, channel, status, skip_rule, language, address, sent_at, answered_at, score,
       journey_rule, verbatim, wording, created_at, updated_at)
     VALUES (?, 'CES', ?, ?, ?, 'en', ?, ?, ?, ?, ?, ?, 'How easy was it to get your issue handled?', ?, ?)`,
  );
  const started = Date.UTC(2026, 0, 1);
  fill.transaction(() => {
    for (let i = 1; i <= SURVEYS; i++) {
      // A third answered, a tenth skipped by a rule, the rest sent; a fifth under journey rule 2.
      const skipped = i % 10 === 0;
      const answered = !skipped && i % 3 === 0;
      const at = started + i * 1000;
      insert.run(
        i,
        skipped ? null : CHANNELS[i % CHANNELS.length],
        skipped ? 'skipped' : answered ? 'answered' : 'sent',
        skipped ? 'cooldown' : null,
        `+3161${String(i).padStart(7, '0')}`,
        skipped ? null : at,
        answered ? at + 60_000 : null,
        answered ? 5 : null,
        i % 5 === 0 ? 2 : null,
        answered ? 'Quick and friendly, thanks' : null,
        at,
        at,
      );
    }
  })();
  fill.close();

  const store = await openStore(`file:${path}`, { migrate: false });
  const reader = new Database(path, { readonly: true });
  const groupBy = reader.prepare(
    `SELECT channel, journey_rule AS journeyRule, status, skip_rule AS skipRule, sent_at IS NOT NULL AS sent,
       answered_at IS NOT NULL AS answered, count(*) AS count
     FROM surveys GROUP BY 1, 2, 3, 4, 5, 6`,
  );
  const counted: number[] = [];
  const scanned: number[] = [];
  let same = true;
  for (let round = 0; round < ROUNDS; round++) {
    let t = performance.now();
    const fromCounts = await store.surveys.countOutcomes();
    counted.push(performance.now() - t);
    t = performance.now();
    const fromScan = groupBy.all() as Array<Record<string, unknown>>;
    scanned.push(performance.now() - t);
    const key = (row: object) => {
      const r = row as Record<string, unknown>;
      return JSON.stringify([r.channel, r.journeyRule, r.status, r.skipRule, Boolean(r.sent), Boolean(r.answered)]);
    };
    const expected = new Map(fromScan.map((row) => [key(row), row.count]));
    same &&= fromCounts.length === expected.size && fromCounts.every((row) => expected.get(key(row)) === row.count);
  }
  reader.close();
  await store.close();
  const write = triggerWriteCost(path);

  const [c, s] = [median(counted), median(scanned)];
  console.log('\n| measure | Effortless | reference (same run) | ratio | goal |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(
    `| survey outcome counts (rates API, /metrics scrape), ${SURVEYS.toLocaleString('en')} surveys, median of ${ROUNDS} | ${c.toFixed(2)} ms | GROUP BY over every survey: ${s.toFixed(0)} ms | ${(s / c).toFixed(0)}x faster | same counts: ${same ? 'yes' : 'NO'} |`,
  );
  console.log(
    `| what the counting costs each survey write: sent -> answered, ${WRITES.toLocaleString('en')} single-row updates, median of ${ROUNDS} | ${write.withTriggers.toFixed(1)} us | the same updates without the triggers: ${write.without.toFixed(1)} us | ${(write.withTriggers / write.without).toFixed(2)}x | (a survey changes a few times in its life) |`,
  );
  if (!same) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
