import type Database from 'better-sqlite3';
import type { AlertMetric } from '../../src/domain/alerts/alert-metrics.js';
import type { MetricSample } from '../../src/domain/alerts/sample.js';
import type { HourRevision } from '../../src/ports/alert-store.js';
import { addCells, type BucketDeltas, type CellDelta, changed, teamKey } from '../alert-sample-deltas.js';
import type { SqliteConnection } from '../connection.js';

/** Rows per multi-row statement: 7 parameters each stays well below SQLite's 32,766. */
const ROWS_PER_STATEMENT = 500;

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

const BUCKET_UPSERT = `INSERT INTO alert_buckets (segment, team, metric, hour, n, sum, sum_squares)`;
const ADD_TO_BUCKET = `ON CONFLICT (hour, team, segment, metric) DO UPDATE SET
  n = n + excluded.n, sum = sum + excluded.sum, sum_squares = sum_squares + excluded.sum_squares`;

/**
 * Multi-row statements of one shape, prepared once per row count (a full chunk and the rest),
 * run over `rows` in chunks: one call into SQLite per chunk instead of one per row.
 */
function multiRow(sqlite: Database.Database, head: string, columns: number, tail = '') {
  const statements = new Map<number, Database.Statement>();
  const statement = (count: number) => {
    let prepared = statements.get(count);
    if (!prepared) {
      const tuple = `(${Array(columns).fill('?').join(', ')})`;
      prepared = sqlite.prepare(`${head} VALUES ${Array(count).fill(tuple).join(', ')} ${tail}`);
      if (prepared.reader) prepared.raw(true); // RETURNING rows as arrays: no object per row
      statements.set(count, prepared);
    }
    return prepared;
  };
  /** Runs every chunk of `rows` (each row `columns` values); returns the rows RETURNING gave, if any. */
  return (rows: readonly unknown[][]): unknown[][] => {
    const returned: unknown[][] = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const part = rows.slice(i, i + ROWS_PER_STATEMENT);
      const params = part.flat();
      const prepared = statement(part.length);
      if (prepared.reader) returned.push(...(prepared.all(params) as unknown[][]));
      else prepared.run(params);
    }
    return returned;
  };
}

/**
 * The sample store's writes, on prepared statements on the raw connection (record() is the
 * hot path of every solved case and answer; recordMany() that of whole backfills).
 */
export function prepareSampleWrites(sqlite: SqliteConnection['sqlite']) {
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
  const addToBucket = sqlite.prepare<CellDelta>(`${BUCKET_UPSERT} VALUES (?, ?, ?, ?, ?, ?, ?) ${ADD_TO_BUCKET}`);
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
  const insertSamples = multiRow(
    sqlite,
    'INSERT INTO alert_samples (key, ticket_id, at, team, segments, metric_values)',
    6,
    'ON CONFLICT (key) DO NOTHING RETURNING id, key',
  );
  const insertSegments = multiRow(sqlite, 'INSERT INTO alert_sample_segments (segment, at, sample_id, team)', 4);
  const addToBuckets = multiRow(sqlite, BUCKET_UPSERT, 7, ADD_TO_BUCKET);

  /** Stores one sample, its cells added to `deltas` (and the replaced one's taken out); returns the replaced one. */
  const storeSample = (sample: MetricSample, deltas: BucketDeltas): MetricSample | null => {
    addCells(deltas, sample, 1);
    const at = sample.at.getTime();
    const team = teamKey(sample.team);
    const segments = JSON.stringify(sample.segments);
    const values = JSON.stringify(sample.values);
    // Insert first: almost every key is new, which makes it one statement.
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
   * new, goes when empty) and raises the revision of each hour changed. `bulk` writes the
   * buckets with multi-row statements (a batch touches hundreds); one sample's dozen go one by one.
   */
  const applyDeltas = (deltas: BucketDeltas, bulk: boolean): HourRevision[] => {
    const rows = changed(deltas);
    if (bulk) addToBuckets(rows);
    else for (const delta of rows) addToBucket.run(...delta);
    const hours = new Set<number>();
    for (const delta of rows) {
      if (delta[4] <= 0) deleteIfEmpty.run(delta[0], delta[1], delta[2], delta[3]);
      hours.add(delta[3]);
    }
    return [...hours]
      .sort((a, b) => a - b)
      .map((hour) => ({ hour, revision: (raiseRevision.get(hour) as { revision: number }).revision }));
  };

  /** Inserts the samples whose keys are new with multi-row inserts; returns their ids by key. */
  const insertNew = (samples: readonly MetricSample[]): Map<string, number> => {
    const rows = samples.map((s) => [
      s.key,
      s.ticketId,
      s.at.getTime(),
      s.team,
      JSON.stringify(s.segments),
      JSON.stringify(s.values),
    ]);
    return new Map((insertSamples(rows) as Array<[number, string]>).map(([id, key]) => [key, id]));
  };

  return {
    one: sqlite.transaction((sample: MetricSample) => {
      const deltas: BucketDeltas = new Map();
      const previous = storeSample(sample, deltas);
      return { previous, revisions: applyDeltas(deltas, false) };
    }),
    /**
     * Many samples in one transaction, their bucket changes summed in memory first: a batch
     * of a backfill shares its hours, so each bucket is written once per batch instead of
     * once per sample (a sample touches a dozen buckets or more).
     */
    many: sqlite.transaction((samples: readonly MetricSample[]): Array<MetricSample | null> => {
      const deltas: BucketDeltas = new Map();
      // New keys go in with multi-row inserts (a backfill's keys are almost all new); a key
      // already stored, or given twice, takes the one-at-a-time path, in order.
      const firstOfKey = new Map<string, MetricSample>();
      for (const sample of samples) if (!firstOfKey.has(sample.key)) firstOfKey.set(sample.key, sample);
      const firsts = [...firstOfKey.values()];
      for (const sample of firsts) addCells(deltas, sample, 1); // checks every value before anything is written
      const newIds = insertNew(firsts);
      const segmentRows: unknown[][] = [];
      const replacing: number[] = [];
      samples.forEach((sample, i) => {
        const id = newIds.get(sample.key);
        if (id === undefined || firstOfKey.get(sample.key) !== sample) {
          replacing.push(i);
          return;
        }
        const at = sample.at.getTime();
        const team = teamKey(sample.team);
        for (const segment of new Set(sample.segments)) segmentRows.push([segment, at, id, team]);
      });
      insertSegments(segmentRows);
      // Stored before this batch, or given again within it: replaced as record() does, in order.
      const previous: Array<MetricSample | null> = samples.map(() => null);
      for (const i of replacing) {
        const sample = samples[i] as MetricSample;
        if (firstOfKey.get(sample.key) === sample) addCells(deltas, sample, -1); // counted above already
        previous[i] = storeSample(sample, deltas);
      }
      applyDeltas(deltas, true);
      return previous;
    }),
  };
}
