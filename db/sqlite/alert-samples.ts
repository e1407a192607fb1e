import { and, asc, desc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { MetricSample } from '../../src/domain/alerts/sample.js';
import type { AlertSampleStore } from '../../src/ports/alert-store.js';
import { hoursRead, toBucket } from '../alert-sample-deltas.js';
import type { SqliteConnection } from '../connection.js';
import { fromStoredValues } from '../stored-metric-values.js';
import { prepareSampleWrites } from './alert-sample-writes.js';
import { alertBuckets, alertHourRevisions, alertSamples } from '../schema-alerts.js';

export function createAlertSampleStore({ db, sqlite }: SqliteConnection): AlertSampleStore {
  const record = prepareSampleWrites(sqlite);
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
      const s = alertSamples;
      // Down the `at` index newest first, each row checked for the segment and team: a window
      // is read when an alert is built, so the writes carry no index per segment for it.
      return db
        .select()
        .from(s)
        .where(
          and(
            gte(s.at, from.getTime()),
            lt(s.at, to.getTime()),
            team === undefined ? undefined : team === null ? isNull(s.team) : eq(s.team, team),
            sql`EXISTS (SELECT 1 FROM json_each(${s.segments}) WHERE json_each.value = ${segment})`,
          ),
        )
        .orderBy(desc(s.at), desc(s.id))
        .limit(limit)
        .all()
        .map(
          ({ id: _id, at, values, ...rest }): MetricSample => ({
            ...rest,
            at: new Date(at),
            values: fromStoredValues(values),
          }),
        );
    },
  };
}
