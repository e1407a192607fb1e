import type { AlertMetric, MetricValues } from './alert-metrics.js';
import type { TeamId } from './segments.js';

/**
 * One contribution to the alert aggregates: a solved case (`case:<ticketId>`) or a CES
 * answer (`answer:<surveyId>`). Recording a sample with a key seen before replaces it (a
 * reopened and re-solved case counts once, at its last solve).
 */
export interface MetricSample {
  key: string;
  ticketId: number;
  at: Date;
  team: TeamId;
  /** Non-team segments, 'all' first (segmentsOf). */
  segments: string[];
  values: MetricValues;
}

export const HOUR_MS = 3_600_000;

/** Aggregates are kept per hour: the start of the hour holding `at`, epoch ms (UTC). */
export function hourStart(at: Date | number): number {
  const ms = typeof at === 'number' ? at : at.getTime();
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/** One cell of the aggregates a sample touches. */
export interface SampleCell {
  segment: string;
  team: TeamId;
  metric: AlertMetric;
  hour: number;
  value: number;
}

/** Every (segment, team, metric, hour) cell of a sample, with the value it adds there. */
export function sampleCells(sample: MetricSample): SampleCell[] {
  const hour = hourStart(sample.at);
  const cells: SampleCell[] = [];
  for (const segment of sample.segments) {
    for (const [metric, value] of Object.entries(sample.values) as Array<[AlertMetric, number | undefined]>) {
      if (value !== undefined) cells.push({ segment, team: sample.team, metric, hour, value });
    }
  }
  return cells;
}
