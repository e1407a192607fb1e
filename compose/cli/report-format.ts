import { stringify } from 'csv-stringify/sync';
import type { ReportFigures } from '../../src/domain/report/compute-report.js';
import { costText, count, decimal, headlineRows, percent, periodText } from '../../src/domain/report/format-figures.js';

export type ReportFormat = 'text' | 'json' | 'csv';

/** The report as the terminal shows it: headline, drivers with their CES cost, worst teams and cases. */
export function reportAsText(figures: ReportFigures): string {
  const lines = [`Effort report, cases solved ${periodText(figures)} (UTC)`, ''];
  const rows = headlineRows(figures);
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) lines.push(`  ${label.padEnd(width)}  ${value}`);
  lines.push('', 'What drives effort (share of cases, CES cost per occurrence)');
  for (const d of figures.drivers)
    lines.push(`  ${d.label.padEnd(28)} ${percent(d.share).padStart(6)}  ${costText(d.cesCost)}`);
  lines.push(`  (${figures.costNote})`);
  lines.push('', 'Teams with the most effort');
  if (figures.worstTeams.length === 0) lines.push('  no cases solved in this period');
  for (const t of figures.worstTeams)
    lines.push(
      `  ${t.team.padEnd(24)} effort ${decimal(t.effortIndexAverage, 1).padStart(5)}  cases ${count(t.cases).padStart(5)}  CES ${decimal(t.cesAverage)} (n=${count(t.answers)})`,
    );
  lines.push('', 'Hardest cases');
  if (figures.worstCases.length === 0) lines.push('  none');
  for (const c of figures.worstCases) {
    const ces = c.cesScore === null ? '' : `, CES ${c.cesScore}`;
    lines.push(`  #${c.ticketId} ${c.team}: effort ${c.effortIndex}${ces}${c.url ? `  ${c.url}` : ''}`);
    if (c.lines.length) lines.push(`      ${c.lines.join('; ')}`);
  }
  return lines.join('\n');
}

/**
 * One row per figure (section, item, measure, value), so a spreadsheet can filter and pivot
 * it; numbers stay numbers (shares as 0-1), empty where there is none.
 */
export function reportAsCsv(figures: ReportFigures): string {
  const rows: Array<[string, string, string, string | number | null]> = [];
  for (const [measure, value] of Object.entries(figures.headline)) rows.push(['headline', 'all', measure, value]);
  for (const d of figures.drivers) {
    rows.push(['driver', d.driver, 'cases_with', d.casesWith], ['driver', d.driver, 'share', d.share]);
    rows.push(['driver', d.driver, 'ces_cost', d.cesCost?.perUnit ?? null]);
    rows.push(['driver', d.driver, 'ces_cost_low', d.cesCost?.low ?? null]);
    rows.push(['driver', d.driver, 'ces_cost_high', d.cesCost?.high ?? null]);
    rows.push(['driver', d.driver, 'ces_cost_n', d.cesCost?.n ?? null]);
  }
  for (const t of figures.worstTeams) {
    rows.push(['team', t.team, 'cases', t.cases], ['team', t.team, 'effort_index_average', t.effortIndexAverage]);
    rows.push(['team', t.team, 'answers', t.answers], ['team', t.team, 'ces_average', t.cesAverage]);
  }
  for (const c of figures.worstCases) {
    const item = String(c.ticketId);
    rows.push(['case', item, 'team', c.team], ['case', item, 'effort_index', c.effortIndex]);
    rows.push(['case', item, 'ces', c.cesScore], ['case', item, 'drivers', c.lines.join('; ')]);
  }
  return stringify(rows, {
    header: true,
    columns: ['section', 'item', 'measure', 'value'],
    cast: { number: (n) => String(n) },
  });
}

export function formatReport(figures: ReportFigures, format: ReportFormat): string {
  if (format === 'json') return JSON.stringify(figures, null, 2);
  if (format === 'csv') return reportAsCsv(figures).trimEnd();
  return reportAsText(figures);
}
