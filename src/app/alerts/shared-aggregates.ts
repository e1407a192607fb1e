import { windowBounds } from '../../domain/alerts/aggregates.js';
import { rulesFor, type AlertRules } from '../../domain/alerts/rules.js';
import { hourStart, type MetricSample } from '../../domain/alerts/sample.js';
import type { HourRevision } from '../../ports/alert-store.js';
import type { AlertDeps } from './alert-deps.js';

/**
 * The in-memory aggregates are a copy of the stored hourly buckets, which every instance on
 * the database writes. Each hour carries a revision raised by every write to it: before
 * judging, an instance reads the revisions of the hours its windows reach (a few hundred
 * small rows) and reloads only the hours that differ from the copy it holds. Its own writes
 * are mirrored in memory at once when nothing came in between, so they cost no reload.
 */

/** The earliest hour any segment's window reaches at `now`. */
export function oldestHourNeeded(rules: AlertRules, now: Date): number {
  const all = [rules.defaults, ...Object.keys(rules.overrides).map((segment) => rulesFor(rules, segment))];
  return Math.min(...all.map((r) => windowBounds(now, r).baselineFrom));
}

/** Brings the aggregates up to date with the stored buckets of every hour a window reaches; returns the hours reloaded. */
export async function refreshAggregates(deps: AlertDeps, now: Date): Promise<number> {
  const since = oldestHourNeeded(deps.settings.rules, now);
  const stale = deps.aggregates.staleHours(await deps.store.alertSamples.listHourRevisions(since));
  if (stale.length === 0) return 0;
  const { revisions, buckets } = await deps.store.alertSamples.readHours(stale);
  deps.aggregates.replaceHours(revisions, buckets);
  return stale.length;
}

/**
 * Mirrors a committed write of this process in memory: `sample` replaced `previous`, taking
 * the hours in `revisions` to those revisions (an hour not listed did not change).
 */
export function mirrorWrite(
  deps: AlertDeps,
  sample: MetricSample,
  previous: MetricSample | null,
  revisions: readonly HourRevision[],
): void {
  const changes: Array<[MetricSample, 1 | -1]> = previous
    ? [
        [previous, -1],
        [sample, 1],
      ]
    : [[sample, 1]];
  for (const { hour, revision } of revisions) {
    deps.aggregates.applyWritten(hour, revision, () => {
      for (const [changed, sign] of changes)
        if (hourStart(changed.at) === hour) deps.aggregates.applySample(changed, sign);
    });
  }
}
