import type Database from 'better-sqlite3';
import type { AlertMetric } from '../../src/domain/alerts/alert-metrics.js';
import type { MetricSample } from '../../src/domain/alerts/sample.js';
import type { HourRevision } from '../../src/ports/alert-store.js';
import { addCells, type BucketDeltas, type CellDelta, changed, SampleSums } from '../alert-sample-deltas.js';
import type { SqliteConnection } from '../connection.js';
import { fromStoredValues, type StoredValues, toStoredValues } from '../stored-metric-values.js';

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
    values: fromStoredValues(JSON.parse(row.values) as StoredValues),
  };
}

const BUCKET_UPSERT = `INSERT INTO alert_buckets (segment, team, metric, hour, n, sum, sum_squares)`;
const ADD_TO_BUCKET = `ON CONFLICT (hour, team, segment, metric) DO UPDATE SET
  n = n + excluded.n, sum = sum + excluded.sum, sum_squares = sum_squares + excluded.sum_squares`;

/**
 * Multi-row statements of one shape, prepared once per row count (a full chunk and the rest),
 * run over `params` (`columns` values a row, one flat array) in chunks: one call into SQLite
 * per chunk instead of one per row, and no array per row.
 */
function multiRow(sqlite: Database.Database, head: string, columns: number, tail = '') {
  const statements = new Map<number, Database.Statement>();
  const statement = (count: number) => {
    let prepared = statements.get(count);
    if (!prepared) {
      const tuple = `(${Array(columns).fill('?').join(', ')})`;
      prepared = sqlite.prepare(`${head} VALUES ${Array(count).fill(tuple).join(', ')} ${tail}`);
      statements.set(count, prepared);
    }
    return prepared;
  };
  /** Runs every chunk; returns the rows changed. */
  return (params: readonly unknown[]): number => {
    let changes = 0;
    const chunk = ROWS_PER_STATEMENT * columns;
    for (let i = 0; i < params.length; i += chunk) {
      const part = params.slice(i, i + chunk);
      changes += statement(part.length / columns).run(part).changes;
    }
    return changes;
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
  const addToBucket = sqlite.prepare<CellDelta>(`${BUCKET_UPSERT} VALUES (?, ?, ?, ?, ?, ?, ?) ${ADD_TO_BUCKET}`);
  // An emptied bucket goes, so float residue (a sum of 1e-15 with n = 0) never lingers.
  const deleteIfEmpty = sqlite.prepare<[string, number, AlertMetric, number]>(
    'DELETE FROM alert_buckets WHERE segment = ? AND team = ? AND metric = ? AND hour = ? AND n <= 0',
  );
  const raiseRevision = sqlite.prepare<[number], { revision: number }>(
    `INSERT INTO alert_hour_revisions (hour, revision) VALUES (?, 1)
     ON CONFLICT (hour) DO UPDATE SET revision = revision + 1 RETURNING revision`,
  );
  const insertNewSample = sqlite.prepare<[string, number, number, number | null, string, string]>(
    'INSERT INTO alert_samples (key, ticket_id, at, team, segments, metric_values) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING',
  );
  const insertSamples = multiRow(
    sqlite,
    'INSERT INTO alert_samples (key, ticket_id, at, team, segments, metric_values)',
    6,
    'ON CONFLICT (key) DO NOTHING',
  );
  const lastId = sqlite.prepare<[], number>('SELECT max(id) FROM alert_samples').pluck();
  const keysAfter = sqlite.prepare<[number], string>('SELECT key FROM alert_samples WHERE id > ?').pluck();
  const addToBuckets = multiRow(sqlite, BUCKET_UPSERT, 7, ADD_TO_BUCKET);

  /** Stores one sample, its cells added to `deltas` (and the replaced one's taken out); returns the replaced one. */
  const storeSample = (sample: MetricSample, deltas: BucketDeltas): MetricSample | null => {
    addCells(deltas, sample, 1);
    const at = sample.at.getTime();
    const segments = JSON.stringify(sample.segments);
    const values = JSON.stringify(toStoredValues(sample));
    // Insert first: almost every key is new, which makes it one statement.
    const { changes } = insertNewSample.run(sample.key, sample.ticketId, at, sample.team, segments, values);
    let previous: MetricSample | null = null;
    if (changes === 0) {
      const old = selectByKey.get(sample.key);
      if (!old) throw new Error(`sample ${sample.key} is neither new nor stored`);
      previous = rowToSample(old);
      addCells(deltas, previous, -1);
      updateSample.run(sample.ticketId, at, sample.team, segments, values, old.id);
    }
    return previous;
  };

  /**
   * Applies the summed changes (a bucket whose count went down, or netted to zero: it may be
   * new, goes when empty) and raises the revision of each hour changed. `bulk` writes the
   * buckets with multi-row statements (a batch touches hundreds); one sample's dozen go one by one.
   */
  const applyDeltas = (deltas: BucketDeltas, bulk: boolean): HourRevision[] => {
    const rows = changed(deltas);
    if (bulk) addToBuckets(rows.flat());
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

  /**
   * Inserts the samples with multi-row inserts (a key already stored, or given again, is
   * left out by ON CONFLICT), their cells summed into `sums` on the way; returns the keys
   * inserted, or null when every row went in, the rule in a backfill. No RETURNING (a third
   * of the insert's cost): the rows inserted are those above the largest id before (SQLite
   * gives a new row the largest rowid + 1; ids stay far below 2^53 anyway).
   */
  const insertNew = (samples: readonly MetricSample[], sums: SampleSums): Set<string> | null => {
    const before = lastId.get() ?? 0;
    const params: unknown[] = [];
    for (const s of samples) {
      const segments = JSON.stringify(s.segments);
      const values = toStoredValues(s); // checks every value before anything is written
      sums.add(s, segments, values);
      params.push(s.key, s.ticketId, s.at.getTime(), s.team, segments, JSON.stringify(values));
    }
    if (insertSamples(params) === samples.length) return null;
    return new Set(keysAfter.all(before));
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
      const sums = new SampleSums();
      // Every sample's row goes in with multi-row inserts (a backfill's keys are almost all new).
      const inserted = insertNew(samples, sums); // null: every one of them
      sums.into(deltas);
      const previous: Array<MetricSample | null> = new Array(samples.length).fill(null);
      if (inserted) {
        // The rows that did not go in (their key stored before, or given again in this batch)
        // are replacements, made in order as record() makes them.
        const firstTaken = new Set<string>();
        samples.forEach((sample, i) => {
          if (inserted.has(sample.key) && !firstTaken.has(sample.key)) firstTaken.add(sample.key);
          else {
            addCells(deltas, sample, -1); // summed above, but its row is not this one
            previous[i] = storeSample(sample, deltas);
          }
        });
      }
      applyDeltas(deltas, true);
      return previous;
    }),
  };
}
