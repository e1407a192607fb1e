import { and, asc, desc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { MetricSample } from '../../src/domain/alerts/sample.js';
import type { AlertSampleStore, HourRevision } from '../../src/ports/alert-store.js';
import { addCells, type BucketDeltas, type CellDelta, changed, hoursRead, toBucket } from '../alert-sample-deltas.js';
import { fromStoredValues, toStoredValues } from '../stored-metric-values.js';
import { alertBuckets, alertHourRevisions, alertSamples } from './schema-alerts.js';
import type { PgUnitOfWork } from './unit-of-work.js';

/** Rows per multi-row insert: 6 parameters each stays well below PostgreSQL's 65,535. */
const ROWS_PER_INSERT = 1000;

type SampleRow = typeof alertSamples.$inferSelect;
const toSample = ({ id: _id, at, values, ...rest }: SampleRow): MetricSample => ({
  ...rest,
  at: new Date(at),
  values: fromStoredValues(values),
});
const sampleColumns = (s: MetricSample) => ({
  key: s.key,
  ticketId: s.ticketId,
  at: s.at.getTime(),
  team: s.team,
  segments: s.segments,
  values: toStoredValues(s),
});
/** A JS array as one query parameter (drizzle would otherwise spread it into a list). */
const array = (values: unknown[], type: string) => sql`${sql.param(values)}::${sql.raw(type)}[]`;
/** Bucket key order: every writer locks rows in this order, so concurrent writers never deadlock on buckets. */
const byKey = (a: CellDelta, b: CellDelta) =>
  a[3] - b[3] || a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);

/**
 * AlertSampleStore on PostgreSQL: the same rows as db/sqlite/alert-samples.ts. Several
 * instances record at once, so every change is atomic in SQL: a replaced sample is locked
 * (FOR UPDATE) before its values are taken out, buckets change by `n = n + excluded.n`, and
 * the hour's revision row, raised first, makes writers of one hour take turns.
 */
export function createAlertSampleStore(unit: PgUnitOfWork): AlertSampleStore {
  /** Stores one sample, its cells added to `deltas` (and the replaced one's taken out); returns the replaced one. */
  const storeSample = async (sample: MetricSample, deltas: BucketDeltas): Promise<MetricSample | null> => {
    addCells(deltas, sample, 1);
    const [inserted] = await unit.db
      .insert(alertSamples)
      .values(sampleColumns(sample))
      .onConflictDoNothing({ target: alertSamples.key })
      .returning({ id: alertSamples.id });
    let previous: MetricSample | null = null;
    if (!inserted) {
      const [old] = await unit.db.select().from(alertSamples).where(eq(alertSamples.key, sample.key)).for('update');
      if (!old) throw new Error(`sample ${sample.key} is neither new nor stored`);
      previous = toSample(old);
      addCells(deltas, previous, -1);
      await unit.db.update(alertSamples).set(sampleColumns(sample)).where(eq(alertSamples.id, old.id));
    }
    return previous;
  };

  /** Raises the revision of each hour changed, then applies the summed changes; emptied buckets go. */
  const applyDeltas = async (deltas: BucketDeltas): Promise<HourRevision[]> => {
    const rows = changed(deltas).sort(byKey);
    if (rows.length === 0) return [];
    const hours = [...new Set(rows.map((d) => d[3]))];
    const raised = await unit.db.execute<{ hour: number; revision: number }>(sql`
      INSERT INTO alert_hour_revisions (hour, revision) SELECT unnest(${array(hours, 'bigint')}), 1
      ON CONFLICT (hour) DO UPDATE SET revision = alert_hour_revisions.revision + 1
      RETURNING hour, revision`);
    const column = (i: number) => rows.map((d) => d[i]);
    await unit.db.execute(sql`
      INSERT INTO alert_buckets (segment, team, metric, hour, n, sum, sum_squares)
      SELECT * FROM unnest(${array(column(0), 'text')}, ${array(column(1), 'bigint')}, ${array(column(2), 'text')},
        ${array(column(3), 'bigint')}, ${array(column(4), 'bigint')}, ${array(column(5), 'float8')}, ${array(column(6), 'float8')})
      ON CONFLICT (hour, team, segment, metric) DO UPDATE SET n = alert_buckets.n + excluded.n,
        sum = alert_buckets.sum + excluded.sum, sum_squares = alert_buckets.sum_squares + excluded.sum_squares`);
    // A bucket whose count went down (or netted to zero: it may be new) goes when empty, so
    // float residue (a sum of 1e-15 with n = 0) never lingers.
    const shrunk = rows.filter((d) => d[4] <= 0);
    if (shrunk.length > 0) {
      const key = (i: number) => shrunk.map((d) => d[i]);
      await unit.db.execute(sql`
        DELETE FROM alert_buckets WHERE n <= 0 AND (segment, team, metric, hour) IN (
          SELECT * FROM unnest(${array(key(0), 'text')}, ${array(key(1), 'bigint')}, ${array(key(2), 'text')}, ${array(key(3), 'bigint')}))`);
    }
    return raised.rows.map((r) => ({ hour: Number(r.hour), revision: Number(r.revision) }));
  };

  // The buckets of the current hour are rows every solved case writes, and its revision row
  // makes writers of the hour take turns: taken mid-transaction, that turn would be held for
  // the rest of every delivery's transaction and the instances would work one at a time. So
  // the bucket changes are applied last, just before COMMIT (PgUnitOfWork.beforeCommit), in
  // one order for every transaction (hour revisions, then the dashboard's cells).
  let deferred = 0;
  const applyBeforeCommit = async (deltas: BucketDeltas): Promise<HourRevision[]> => {
    const revisions: HourRevision[] = [];
    deferred += 1;
    await unit.beforeCommit(`alert-buckets:${String(deferred).padStart(12, '0')}`, async () => {
      revisions.push(...(await applyDeltas(deltas)));
    });
    return revisions;
  };

  return {
    async record(sample) {
      addCells(new Map(), sample, 1); // refuses a value that is not finite before anything is written
      return unit.atomically(async () => {
        const deltas: BucketDeltas = new Map();
        const previous = await storeSample(sample, deltas);
        return { previous, revisions: await applyBeforeCommit(deltas) };
      });
    },

    async recordMany(samples) {
      if (samples.length === 0) return { previous: [] };
      return unit.atomically(async () => {
        const deltas: BucketDeltas = new Map();
        // New keys go in with multi-row inserts; a key already stored, or given twice, takes
        // the one-at-a-time path, in order (as db/sqlite/alert-samples.ts).
        const firstOfKey = new Map<string, MetricSample>();
        for (const sample of samples) if (!firstOfKey.has(sample.key)) firstOfKey.set(sample.key, sample);
        const firsts = [...firstOfKey.values()];
        for (const sample of firsts) addCells(deltas, sample, 1); // checks every value before anything is written
        const inserted = new Set<string>();
        for (let i = 0; i < firsts.length; i += ROWS_PER_INSERT) {
          const rows = await unit.db
            .insert(alertSamples)
            .values(firsts.slice(i, i + ROWS_PER_INSERT).map(sampleColumns))
            .onConflictDoNothing({ target: alertSamples.key })
            .returning({ key: alertSamples.key });
          for (const row of rows) inserted.add(row.key);
        }
        const replacing: number[] = [];
        samples.forEach((sample, i) => {
          if (!inserted.has(sample.key) || firstOfKey.get(sample.key) !== sample) replacing.push(i);
        });
        const previous: Array<MetricSample | null> = samples.map(() => null);
        for (const i of replacing) {
          const sample = samples[i] as MetricSample;
          if (firstOfKey.get(sample.key) === sample) addCells(deltas, sample, -1); // counted above already
          previous[i] = await storeSample(sample, deltas);
        }
        await applyBeforeCommit(deltas);
        return { previous };
      });
    },

    async listBuckets(sinceHour) {
      const rows = await unit.db
        .select()
        .from(alertBuckets)
        .where(gte(alertBuckets.hour, sinceHour))
        .orderBy(asc(alertBuckets.hour));
      return rows.map(toBucket);
    },

    async readHours(hours) {
      if (hours.length === 0) return { revisions: [], buckets: [] };
      const b = alertBuckets;
      const r = alertHourRevisions;
      const rows = await unit.db
        .select({
          hour: r.hour,
          revision: r.revision,
          bucket: { segment: b.segment, team: b.team, metric: b.metric, n: b.n, sum: b.sum, sumSquares: b.sumSquares },
        })
        .from(r)
        .leftJoin(b, eq(b.hour, r.hour))
        .where(inArray(r.hour, [...hours]));
      return hoursRead(rows);
    },

    async listHourRevisions(sinceHour) {
      return unit.db
        .select()
        .from(alertHourRevisions)
        .where(gte(alertHourRevisions.hour, sinceHour))
        .orderBy(asc(alertHourRevisions.hour));
    },

    async listSamples({ segment, team, from, to, limit }) {
      const s = alertSamples;
      // Down the (at, id) index newest first, each row checked for the segment and team (as db/sqlite/alert-samples.ts).
      const rows = await unit.db
        .select()
        .from(s)
        .where(
          and(
            gte(s.at, from.getTime()),
            lt(s.at, to.getTime()),
            team === undefined ? undefined : team === null ? isNull(s.team) : eq(s.team, team),
            sql`${s.segments} @> ${JSON.stringify([segment])}::jsonb`,
          ),
        )
        .orderBy(desc(s.at), desc(s.id))
        .limit(limit);
      return rows.map(toSample);
    },
  };
}
