import { and, asc, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { AlertMetric } from '../../src/domain/alerts/alert-metrics.js';
import type { MetricSample } from '../../src/domain/alerts/sample.js';
import type { AlertSampleStore, HourRevision } from '../../src/ports/alert-store.js';
import { addCells, type CellDelta, changed, hoursRead, teamKey, toBucket } from '../alert-sample-deltas.js';
import type Database from 'better-sqlite3';
import type { SqliteConnection } from '../connection.js';
import { alertBuckets, alertHourRevisions, alertSampleSegments, alertSamples } from '../schema-alerts.js';

/** Rows per multi-row insert: 6 parameters each stays well below SQLite's 32,766. */
const ROWS_PER_INSERT = 500;

interface SampleRow {
  id: number;
  key: string;
  ticketId: number;
  at: number;
  team: number | null;
  segments: string;
  values: string;
}

function rowToSample(row: SampleRow): MetricSample {
  return {
    key: row.key,
    ticketId: row.ticketId,
    at: new Date(row.at),
    team: row.team,
    segments: JSON.parse(row.segments) as string[],
    values: JSON.parse(row.values) as MetricSample['values'],
  };
}

/**
 * record() is the hot path (every solved case and answer, and whole backfills), so it runs
 * prepared statements on the raw connection, one small statement per row touched. Measured
 * against passing all cells as one JSON array (json_each), this is about 20% faster.
 */
function prepareRecord(sqlite: SqliteConnection['sqlite']) {
  const selectByKey = sqlite.prepare<[string], SampleRow>(
    'SELECT id, key, ticket_id AS ticketId, at, team, segments, metric_values AS "values" FROM alert_samples WHERE key = ?',
  );
  const updateSample = sqlite.prepare<[number, number, number | null, string, string, number]>(
    'UPDATE alert_samples SET ticket_id = ?, at = ?, team = ?, segments = ?, metric_values = ? WHERE id = ?',
  );
  const insertSegment = sqlite.prepare<[string, number, number, number]>(
    'INSERT INTO alert_sample_segments (segment, at, sample_id, team) VALUES (?, ?, ?, ?)',
  );
  const deleteSegment = sqlite.prepare<[string, number, number, number]>(
    'DELETE FROM alert_sample_segments WHERE segment = ? AND at = ? AND sample_id = ? AND team = ?',
  );
  const addToBucket = sqlite.prepare<CellDelta>(
    `INSERT INTO alert_buckets (segment, team, metric, hour, n, sum, sum_squares) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (hour, team, segment, metric) DO UPDATE SET
       n = n + excluded.n, sum = sum + excluded.sum, sum_squares = sum_squares + excluded.sum_squares`,
  );
  // An emptied bucket goes, so float residue (a sum of 1e-15 with n = 0) never lingers.
  const deleteIfEmpty = sqlite.prepare<[string, number, AlertMetric, number]>(
    'DELETE FROM alert_buckets WHERE segment = ? AND team = ? AND metric = ? AND hour = ? AND n <= 0',
  );
  const raiseRevision = sqlite.prepare<[number], { revision: number }>(
    `INSERT INTO alert_hour_revisions (hour, revision) VALUES (?, 1)
     ON CONFLICT (hour) DO UPDATE SET revision = revision + 1 RETURNING revision`,
  );

  const insertNewSample = sqlite.prepare<[string, number, number, number | null, string, string], { id: number }>(
    'INSERT INTO alert_samples (key, ticket_id, at, team, segments, metric_values) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING RETURNING id',
  );

  // Multi-row inserts for the bulk path, one prepared statement per row count (a full chunk and the rest).
  const multiRow = (head: string, columns: number, tail = '') => {
    const statements = new Map<number, Database.Statement>();
    return (rows: number) => {
      let statement = statements.get(rows);
      if (!statement) {
        const tuple = `(${Array(columns).fill('?').join(', ')})`;
        statement = sqlite.prepare(`${head} VALUES ${Array(rows).fill(tuple).join(', ')} ${tail}`);
        statements.set(rows, statement);
      }
      return statement;
    };
  };
  const insertSamples = multiRow(
    'INSERT INTO alert_samples (key, ticket_id, at, team, segments, metric_values)',
    6,
    'ON CONFLICT (key) DO NOTHING RETURNING id, key',
  );
  const insertSegments = multiRow('INSERT INTO alert_sample_segments (segment, at, sample_id, team)', 4);

  /** Stores one sample, its cells added to `deltas` (and the replaced one's taken out); returns the replaced one. */
  const storeSample = (sample: MetricSample, deltas: Map<string, CellDelta>): MetricSample | null => {
    addCells(deltas, sample, 1);
    const at = sample.at.getTime();
    const team = teamKey(sample.team);
    const segments = JSON.stringify(sample.segments);
    const values = JSON.stringify(sample.values);
    // Insert first: in a backfill almost every key is new, which makes it one statement.
    const inserted = insertNewSample.get(sample.key, sample.ticketId, at, sample.team, segments, values);
    let id: number;
    let previous: MetricSample | null = null;
    if (inserted) id = inserted.id;
    else {
      const old = selectByKey.get(sample.key);
      if (!old) throw new Error(`sample ${sample.key} is neither new nor stored`);
      previous = rowToSample(old);
      addCells(deltas, previous, -1);
      id = old.id;
      for (const segment of new Set(previous.segments)) deleteSegment.run(segment, old.at, id, teamKey(old.team));
      updateSample.run(sample.ticketId, at, sample.team, segments, values, id);
    }
    for (const segment of new Set(sample.segments)) insertSegment.run(segment, at, id, team);
    return previous;
  };
  /**
   * Applies the summed changes (a bucket whose count went down, or netted to zero: it may be
   * new, goes when empty) and raises the revision of each hour changed.
   */
  const applyDeltas = (deltas: Map<string, CellDelta>): HourRevision[] => {
    const hours = new Set<number>();
    for (const delta of changed(deltas)) {
      addToBucket.run(...delta);
      if (delta[4] <= 0) deleteIfEmpty.run(delta[0], delta[1], delta[2], delta[3]);
      hours.add(delta[3]);
    }
    return [...hours]
      .sort((a, b) => a - b)
      .map((hour) => ({ hour, revision: (raiseRevision.get(hour) as { revision: number }).revision }));
  };

  return {
    one: sqlite.transaction((sample: MetricSample) => {
      const deltas = new Map<string, CellDelta>();
      const previous = storeSample(sample, deltas);
      return { previous, revisions: applyDeltas(deltas) };
    }),
    /**
     * Many samples in one transaction, their bucket changes summed in memory first: a batch
     * of a backfill shares its hours, so each bucket is written once per batch instead of
     * once per sample (a sample touches a dozen buckets or more).
     */
    many: sqlite.transaction((samples: readonly MetricSample[]): Array<MetricSample | null> => {
      const deltas = new Map<string, CellDelta>();
      // New keys go in with multi-row inserts (a backfill's keys are almost all new); a key
      // already stored, or given twice, takes the one-at-a-time path, in order.
      const newIds = new Map<string, number>();
      const firstOfKey = new Map<string, MetricSample>();
      for (const sample of samples) if (!firstOfKey.has(sample.key)) firstOfKey.set(sample.key, sample);
      const firsts = [...firstOfKey.values()];
      for (const sample of firsts) addCells(deltas, sample, 1); // checks every value before anything is written
      for (let i = 0; i < firsts.length; i += ROWS_PER_INSERT) {
        const part = firsts.slice(i, i + ROWS_PER_INSERT);
        const rows = insertSamples(part.length).all(
          ...part.flatMap((s) => [
            s.key,
            s.ticketId,
            s.at.getTime(),
            s.team,
            JSON.stringify(s.segments),
            JSON.stringify(s.values),
          ]),
        ) as Array<{ id: number; key: string }>;
        for (const row of rows) newIds.set(row.key, row.id);
      }
      const segmentRows: Array<[string, number, number, number]> = [];
      const previous: Array<MetricSample | null> = samples.map(() => null);
      const replacing: number[] = [];
      samples.forEach((sample, i) => {
        const id = newIds.get(sample.key);
        if (id === undefined || firstOfKey.get(sample.key) !== sample) replacing.push(i);
        else
          for (const segment of new Set(sample.segments))
            segmentRows.push([segment, sample.at.getTime(), id, teamKey(sample.team)]);
      });
      for (let i = 0; i < segmentRows.length; i += ROWS_PER_INSERT) {
        const part = segmentRows.slice(i, i + ROWS_PER_INSERT);
        insertSegments(part.length).run(...part.flat());
      }
      // Stored before this batch, or given again within it: replaced as record() does, in order.
      for (const i of replacing) {
        const sample = samples[i] as MetricSample;
        if (firstOfKey.get(sample.key) === sample) addCells(deltas, sample, -1); // counted above already
        previous[i] = storeSample(sample, deltas);
      }
      applyDeltas(deltas);
      return previous;
    }),
  };
}

export function createAlertSampleStore({ db, sqlite }: SqliteConnection): AlertSampleStore {
  const record = prepareRecord(sqlite);
  return {
    async record(sample) {
      return record.one(sample);
    },

    async recordMany(samples) {
      return { previous: samples.length === 0 ? [] : record.many(samples) };
    },

    async listBuckets(sinceHour) {
      return db
        .select()
        .from(alertBuckets)
        .where(gte(alertBuckets.hour, sinceHour))
        .orderBy(asc(alertBuckets.hour))
        .all()
        .map(toBucket);
    },

    async readHours(hours) {
      if (hours.length === 0) return { revisions: [], buckets: [] };
      const b = alertBuckets;
      const r = alertHourRevisions;
      const rows = db
        .select({
          hour: r.hour,
          revision: r.revision,
          bucket: { segment: b.segment, team: b.team, metric: b.metric, n: b.n, sum: b.sum, sumSquares: b.sumSquares },
        })
        .from(r)
        .leftJoin(b, eq(b.hour, r.hour))
        .where(inArray(r.hour, [...hours]))
        .all();
      return hoursRead(rows);
    },

    async listHourRevisions(sinceHour) {
      return db
        .select()
        .from(alertHourRevisions)
        .where(gte(alertHourRevisions.hour, sinceHour))
        .orderBy(asc(alertHourRevisions.hour))
        .all();
    },

    async listSamples({ segment, team, from, to, limit }) {
      const s = alertSampleSegments;
      return db
        .select({ sample: alertSamples })
        .from(s)
        .innerJoin(alertSamples, eq(alertSamples.id, s.sampleId))
        .where(
          and(
            eq(s.segment, segment),
            gte(s.at, from.getTime()),
            lt(s.at, to.getTime()),
            team === undefined ? undefined : eq(s.team, teamKey(team)),
          ),
        )
        .orderBy(desc(s.at), desc(s.sampleId))
        .limit(limit)
        .all()
        .map(({ sample: { id: _id, at, ...rest } }): MetricSample => ({ ...rest, at: new Date(at) }));
    },
  };
}
