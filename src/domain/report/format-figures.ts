import type { DriverCesCost, ReportFigures } from './compute-report.js';

/** Plain-text pieces every rendering of a report shares (CLI text and CSV, Slack digest). */
export const count = (n: number) => n.toLocaleString('en-US');
export const percent = (share: number | null) => (share === null ? '–' : `${Math.round(share * 1000) / 10}%`);
export const decimal = (value: number | null, digits = 2) => (value === null ? '–' : value.toFixed(digits));

/** `each team handoff: -0.60 CES (95% CI -0.80 to -0.40, n = 1,240)`, or a dash when the model gave no cost. */
export function costText(cost: DriverCesCost | null): string {
  if (!cost) return '–';
  const signed = (v: number) => `${v > 0 ? '+' : ''}${v.toFixed(2)}`;
  return `${cost.unit}: ${signed(cost.perUnit)} CES (95% CI ${signed(cost.low)} to ${signed(cost.high)}, n = ${count(cost.n)})`;
}

/** `2026-11-23 to 2026-11-29` in UTC dates; `until` is exclusive, so its day before is shown. */
export function periodText(figures: Pick<ReportFigures, 'since' | 'until'>): string {
  const last = new Date(Date.parse(figures.until) - 1);
  return `${figures.since.slice(0, 10)} to ${last.toISOString().slice(0, 10)}`;
}

/** The headline numbers as label/value pairs, in the order every rendering shows them. */
export function headlineRows(figures: ReportFigures): Array<[string, string]> {
  const h = figures.headline;
  return [
    ['Cases solved', count(h.cases)],
    ['CES answers', `${count(h.answers)} of ${count(h.surveysSent)} sent (${percent(h.responseRate)})`],
    ['CES average', `${decimal(h.cesAverage)} / 7`],
    ['Easy answers (5-7)', percent(h.shareEasy)],
    ['Effort index average', decimal(h.effortIndexAverage, 1)],
    ['High-effort cases', percent(h.highEffortShare)],
  ];
}
