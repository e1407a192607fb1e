/**
 * Alert evaluation with 1,000,000 stored CES answers.
 *
 *   npx tsx bench/alerts-evaluate.bench.ts                  # 1M answers (several minutes)
 *   npx tsx bench/alerts-evaluate.bench.ts --answers 50000  # a quick run
 *   options: --teams 8 --channels 5 --days 90 --answer-rate 0.3 --runs 50
 *            --db <file>: fill this file and keep it; when <file>.json from an earlier run
 *            exists, skip the insert and time load and evaluation on it again
 *
 * 1. Fills a temporary file-backed SQLite store (openStore(path, { migrate: true })) with
 *    synthetic CES answers and their solved cases (test/support/effort-stream.ts) through
 *    store.alertSamples.record, the only write path the port offers, one sample per
 *    transaction as in production.
 * 2. Times service.load() (hourly buckets of the 24 h + 28 day window into memory).
 * 3. Times evaluateSegments (pure judging) and evaluateAlerts (judging + alert rows) from the
 *    in-memory aggregates, warm, `runs` times each: median and p95.
 * 4. Times the "after each answer" path: recordSample of one more answer + evaluateAlerts.
 * 5. Times the refresh from the stored buckets that evaluateAlerts starts with (several
 *    instances): with nothing new, and after an answer another instance wrote.
 * Target: an evaluation under 50 ms with 1M stored answers.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../db/open-store.js';
import type { AlertDeps } from '../src/app/alerts/alert-deps.js';
import { createAlertService } from '../src/app/alerts/alert-service.js';
import type { AlertSettings } from '../src/app/alerts/alert-settings.js';
import { evaluateAlerts } from '../src/app/alerts/evaluate-alerts.js';
import { recordSample } from '../src/app/alerts/record-samples.js';
import { refreshAggregates } from '../src/app/alerts/shared-aggregates.js';
import { MetricAggregates } from '../src/domain/alerts/aggregates.js';
import { DEFAULT_ALERT_TIMING } from '../src/domain/alerts/alert-state.js';
import { evaluateSegments } from '../src/domain/alerts/evaluate.js';
import { cesMetricValues } from '../src/domain/alerts/alert-metrics.js';
import { DEFAULT_SEGMENT_RULES } from '../src/domain/alerts/rules.js';
import { DEFAULT_EFFORT_WEIGHTS } from '../src/domain/effort-index.js';
import { createLogger } from '../src/logger.js';
import { effortCases } from '../test/support/effort-stream.js';

const { values: args } = parseArgs({
  options: {
    answers: { type: 'string', default: '1000000' },
    teams: { type: 'string', default: '8' },
    channels: { type: 'string', default: '5' },
    days: { type: 'string', default: '90' },
    'answer-rate': { type: 'string', default: '0.3' },
    runs: { type: 'string', default: '50' },
    seed: { type: 'string', default: '20261123' },
    db: { type: 'string' },
  },
});
const ANSWERS = Number(args.answers);
const TEAMS = Array.from({ length: Number(args.teams) }, (_, i) => 360_000_100 + i);
const CHANNELS = ['email', 'web', 'chat', 'api', 'voice'].slice(0, Number(args.channels));
const DAYS = Number(args.days);
const ANSWER_RATE = Number(args['answer-rate']);
const RUNS = Number(args.runs);
const START_MS = Date.UTC(2026, 7, 25); // 90 days before 2026-11-23
const HOURS = DAYS * 24;
// Cases per team and hour so that the stream holds about ANSWERS answers (a little more; we stop at ANSWERS).
const CASES_PER_HOUR = (ANSWERS / (HOURS * TEAMS.length * ANSWER_RATE)) * 1.02;

const ms = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.at(-1)! };
}
const rows: Array<[string, string]> = [];
const row = (what: string, value: string) => {
  rows.push([what, value]);
  console.log(`  ${what}: ${value}`);
};

async function main() {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  console.log(
    `machine: ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`,
  );
  console.log(
    `data: ${ANSWERS.toLocaleString('en')} answers target, ${TEAMS.length} teams, ${CHANNELS.length} channels, ${DAYS} days, answer rate ${ANSWER_RATE} (${CASES_PER_HOUR.toFixed(1)} cases per team and hour)`,
  );

  const dir = args.db ? null : mkdtempSync(join(os.tmpdir(), 'effortless-bench-'));
  const path = args.db ?? join(dir!, 'alerts.db');
  const sidecar = `${path}.json`;
  const reuse = args.db !== undefined && existsSync(sidecar);
  const store = await openStore(`file:${path}`, { migrate: true });
  try {
    // 1. Insert.
    let answers = 0;
    let cases = 0;
    let lastAt = START_MS;
    if (reuse) {
      ({ answers, cases, lastAt } = JSON.parse(readFileSync(sidecar, 'utf8')) as {
        answers: number;
        cases: number;
        lastAt: number;
      });
      console.log(`reusing ${path} (insert skipped)`);
      row(
        'answers / cases / samples',
        `${answers.toLocaleString('en')} / ${cases.toLocaleString('en')} / ${(answers + cases).toLocaleString('en')}`,
      );
    } else {
      const insertStarted = performance.now();
      let lastReport = insertStarted;
      for (const c of effortCases({
        seed: Number(args.seed),
        teams: TEAMS,
        channels: CHANNELS,
        startMs: START_MS,
        hours: HOURS,
        casesPerHourPerTeam: CASES_PER_HOUR,
        answerRate: ANSWER_RATE,
      })) {
        await store.alertSamples.record(c.caseSample);
        cases++;
        lastAt = Math.max(lastAt, c.caseSample.at.getTime());
        if (c.answerSample) {
          await store.alertSamples.record(c.answerSample);
          answers++;
          lastAt = Math.max(lastAt, c.answerSample.at.getTime());
          if (answers >= ANSWERS) break;
        }
        if (performance.now() - lastReport > 15_000) {
          lastReport = performance.now();
          const s = (lastReport - insertStarted) / 1000;
          console.log(
            `  ... ${answers.toLocaleString('en')} answers, ${cases.toLocaleString('en')} cases in ${s.toFixed(0)} s (${Math.round((answers + cases) / s)} samples/s)`,
          );
        }
      }
      const insertS = (performance.now() - insertStarted) / 1000;
      const samples = answers + cases;
      console.log('insert');
      row(
        'answers / cases / samples',
        `${answers.toLocaleString('en')} / ${cases.toLocaleString('en')} / ${samples.toLocaleString('en')}`,
      );
      row(
        'insert time (store.alertSamples.record, one transaction each)',
        `${insertS.toFixed(1)} s (${Math.round(samples / insertS).toLocaleString('en')} samples/s, ${Math.round(answers / insertS).toLocaleString('en')} answers/s)`,
      );
      if (args.db) writeFileSync(sidecar, JSON.stringify({ answers, cases, lastAt }));
    }
    const sizeMb = (statSync(path).size + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0)) / 2 ** 20;
    row('database size', `${sizeMb.toFixed(0)} MiB`);

    // 2. Load: the service at the end of the data, as after a restart.
    let now = new Date(lastAt + 1);
    const settings: AlertSettings = {
      rules: { defaults: DEFAULT_SEGMENT_RULES, overrides: {} },
      timing: DEFAULT_ALERT_TIMING,
      evaluateEveryMs: 300_000,
      watch: { tags: [], formIds: [] },
      teamNames: {},
      lowScore: { enabled: false, maxScore: 2 },
      channel: null, // keep alerts in the database: the benchmark measures judging, not Slack
      dashboardUrl: null,
      zendeskUrl: 'https://acme.zendesk.com',
      effortWeights: DEFAULT_EFFORT_WEIGHTS,
    };
    const deps: AlertDeps = {
      store,
      clock: { now: () => now },
      logger: createLogger({ level: 'silent' }),
      settings,
      aggregates: new MetricAggregates(),
    };
    const service = createAlertService(deps);
    const loadStarted = performance.now();
    await service.load();
    const loadMs = performance.now() - loadStarted;
    console.log('load');
    row('service.load()', `${ms(loadMs)} ms (${deps.aggregates.seriesCount} series)`);

    // 3. Evaluation from the in-memory aggregates, warm.
    for (let i = 0; i < 5; i++) evaluateSegments(deps.aggregates, now, settings.rules);
    const judgeTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      evaluateSegments(deps.aggregates, now, settings.rules);
      judgeTimes.push(performance.now() - t);
    }
    const first = await evaluateAlerts(deps, now); // opens whatever the data holds, once
    const evalTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await evaluateAlerts(deps, now);
      evalTimes.push(performance.now() - t);
    }
    const segments = first.segments.length;
    const judged = first.segments.reduce((n, s) => n + s.findings.length, 0);
    console.log(
      `evaluate (${RUNS} runs, ${segments} segments, ${judged} metric tests, ${first.opened.length} alerts opened by the first run)`,
    );
    const j = stats(judgeTimes);
    row('evaluateSegments', `median ${ms(j.median)} ms, p95 ${ms(j.p95)} ms, max ${ms(j.max)} ms`);
    const e = stats(evalTimes);
    row('evaluateAlerts', `median ${ms(e.median)} ms, p95 ${ms(e.p95)} ms, max ${ms(e.max)} ms`);

    // 4. After each answer: record one more answer, then evaluate.
    const answerTimes: number[] = [];
    const recordTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      now = new Date(now.getTime() + 60_000);
      const sample = {
        key: `answer:bench-${i}`,
        ticketId: 9_000_000 + i,
        at: now,
        team: TEAMS[i % TEAMS.length]!,
        segments: ['all', `channel:${CHANNELS[i % CHANNELS.length]}`],
        values: cesMetricValues(1 + (i % 7)),
      };
      const t = performance.now();
      await recordSample(deps, sample);
      const recorded = performance.now();
      await evaluateAlerts(deps, now);
      recordTimes.push(recorded - t);
      answerTimes.push(performance.now() - t);
    }
    console.log('after each answer');
    const r = stats(recordTimes);
    row('recordSample', `median ${ms(r.median)} ms, p95 ${ms(r.p95)} ms`);
    const a = stats(answerTimes);
    row('recordSample + evaluateAlerts', `median ${ms(a.median)} ms, p95 ${ms(a.p95)} ms, max ${ms(a.max)} ms`);
    // 5. Several instances: the refresh before judging, with nothing new, and after another
    //    instance's answer (written to the store, not mirrored here: its hour is read again).
    const quietTimes: number[] = [];
    const otherTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      await refreshAggregates(deps, now);
      quietTimes.push(performance.now() - t);
      await store.alertSamples.record({
        key: `answer:other-instance-${i}`,
        ticketId: 9_500_000 + i,
        at: now,
        team: TEAMS[i % TEAMS.length]!,
        segments: ['all'],
        values: cesMetricValues(1 + (i % 7)),
      });
      t = performance.now();
      await refreshAggregates(deps, now);
      otherTimes.push(performance.now() - t);
    }
    console.log('several instances: refreshAggregates before judging');
    const q = stats(quietTimes);
    row('refreshAggregates, nothing changed', `median ${ms(q.median)} ms, p95 ${ms(q.p95)} ms`);
    const o = stats(otherTimes);
    row("refreshAggregates after another instance's answer", `median ${ms(o.median)} ms, p95 ${ms(o.p95)} ms`);
    const ok = e.p95 < 50 && a.p95 < 50;
    console.log(
      `target (evaluation < 50 ms with ${answers.toLocaleString('en')} stored answers): ${ok ? 'met' : 'NOT met'} (p95 evaluateAlerts ${ms(e.p95)} ms, p95 answer path ${ms(a.p95)} ms)`,
    );
    console.log('\n| measure | result |\n| --- | --- |');
    for (const [what, value] of rows) console.log(`| ${what} | ${value} |`);
  } finally {
    await store.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    else
      console.log(
        `kept ${path}${reuse ? '' : ` (and ${sidecar}); run again with --db ${path} to time load and evaluation only`}`,
      );
  }
}

await main();
