import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALERT_METRICS, type MetricValues } from '../../src/domain/alerts/alert-metrics.js';
import { fromStoredValues, STORED_METRICS, toStoredValues } from '../../db/stored-metric-values.js';

describe('stored metric values', () => {
  it('has a place for every alert metric, each once', () => {
    expect([...STORED_METRICS].sort()).toEqual([...ALERT_METRICS].sort());
    expect(toStoredValues({ key: 'case:1', values: {} })).toHaveLength(STORED_METRICS.length);
  });

  it('stores one place per metric, null where the sample has no value', () => {
    expect(toStoredValues({ key: 'case:1', values: { effort_index: 12.5, reopen_rate: 0 } })).toEqual([
      null,
      null,
      12.5,
      null,
      null,
      0,
      null,
      null,
    ]);
  });

  it('reads back the values it stored, and a shorter array from before a metric was added', () => {
    const values: fc.Arbitrary<MetricValues> = fc.record(
      Object.fromEntries(ALERT_METRICS.map((metric) => [metric, fc.double({ noNaN: true, noDefaultInfinity: true })])),
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(values, (v) => {
        expect(fromStoredValues(JSON.parse(JSON.stringify(toStoredValues({ key: 'case:1', values: v }))))).toEqual(
          JSON.parse(JSON.stringify(v)),
        );
      }),
    );
    expect(fromStoredValues([1, null])).toEqual({ ces_average: 1 });
  });
});
