import { chartFigure } from './charts.js';
import { count, el, estimateText, fixed, percent } from './format.js';
import type { Alerts, Breakdown, FigureRow, Overview } from './types.js';
import { sortableTable } from './sortable-table.js';

function section(id: string, title: string, ...children: Array<Node | string>): HTMLElement {
  return el('section', { 'aria-labelledby': `${id}-title`, id }, el('h2', { id: `${id}-title` }, title), ...children);
}

export function headlineSection(overview: Overview): HTMLElement {
  const h = overview.headline;
  const card = (id: string, label: string, value: string, detail: string) =>
    el('div', { class: 'card' }, el('dt', {}, label), el('dd', { id }, value), el('dd', { class: 'detail' }, detail));
  return section(
    'headline',
    'The period at a glance',
    el(
      'dl',
      { class: 'cards' },
      card('headline-cases', 'Cases', count(h.cases), `${count(h.surveysSent)} surveys sent`),
      card('headline-ces', 'CES average (1–7)', h.ces ? h.ces.value.toFixed(2) : '–', estimateText(h.ces, 'mean')),
      card(
        'headline-easy',
        'Easy answers (5–7)',
        percent(h.easyShare?.value ?? null),
        estimateText(h.easyShare, 'share'),
      ),
      card('headline-answers', 'Answers', count(h.answers), `response rate ${estimateText(h.responseRate, 'share')}`),
      card('headline-index', 'Effort index', fixed(h.effortIndex), 'average, 0 (none) to 100'),
      ...(h.csat
        ? [card('headline-csat', 'CSAT satisfied (4–5)', percent(h.csat.value), estimateText(h.csat, 'share'))]
        : []),
      ...(h.nps ? [card('headline-nps', 'NPS', h.nps.value.toFixed(0), estimateText(h.nps, 'score'))] : []),
    ),
    h.answers < 30
      ? el('p', { class: 'note', role: 'note' }, `Only ${h.answers} answers in this period: the bands are wide.`)
      : '',
  );
}

const pick = (overview: Overview, f: (row: FigureRow) => number | null) => overview.series.map((point) => f(point));

export function overTimeSection(overview: Overview): HTMLElement {
  const labels = overview.series.map((p) => p.start);
  const per = overview.granularity === 'day' ? 'per day' : 'per week';
  const h = overview.headline;
  return section(
    'over-time',
    `Effort over time (${per})`,
    el(
      'div',
      { class: 'charts' },
      chartFigure({
        id: 'chart-ces',
        title: `CES average ${per}, with its 95% band`,
        summary: `Period average ${estimateText(h.ces, 'mean')}.`,
        labels,
        kind: 'line',
        band: {
          label: 'CES average',
          values: pick(overview, (p) => p.ces?.value ?? null),
          low: pick(overview, (p) => p.ces?.low ?? null),
          high: pick(overview, (p) => p.ces?.high ?? null),
        },
        series: [],
        yMin: 1,
        yMax: 7,
      }),
      chartFigure({
        id: 'chart-easy',
        title: `Share of easy answers (5–7) ${per}, %`,
        summary: `Period share ${estimateText(h.easyShare, 'share')}.`,
        labels,
        kind: 'line',
        band: {
          label: 'Easy answers %',
          values: pick(overview, (p) => (p.easyShare ? p.easyShare.value * 100 : null)),
          low: pick(overview, (p) => (p.easyShare ? p.easyShare.low * 100 : null)),
          high: pick(overview, (p) => (p.easyShare ? p.easyShare.high * 100 : null)),
        },
        series: [],
        yMin: 0,
        yMax: 100,
      }),
      chartFigure({
        id: 'chart-answers',
        title: `Cases and answers ${per}`,
        summary: `${count(h.cases)} cases and ${count(h.answers)} answers in the period.`,
        labels,
        kind: 'bar',
        series: [
          { label: 'Cases', values: pick(overview, (p) => p.cases) },
          { label: 'Answers', values: pick(overview, (p) => p.answers) },
        ],
      }),
      chartFigure({
        id: 'chart-index',
        title: `Effort index ${per}`,
        summary: `Period average ${fixed(h.effortIndex)}.`,
        labels,
        kind: 'line',
        series: [{ label: 'Effort index', values: pick(overview, (p) => p.effortIndex) }],
        yMin: 0,
      }),
      chartFigure({
        id: 'chart-response',
        title: 'Response rate per survey channel, %',
        summary:
          overview.responseRateByChannel
            .map((r) => `${r.channel}: ${percent(r.rate?.value ?? null)} of ${r.sent}`)
            .join('; ') || 'No surveys sent.',
        labels: overview.responseRateByChannel.map((r) => r.channel),
        kind: 'bar',
        series: [
          {
            label: 'Response rate %',
            values: overview.responseRateByChannel.map((r) => (r.rate ? r.rate.value * 100 : null)),
          },
        ],
        yMin: 0,
        yMax: 100,
      }),
      ...(overview.series.some((p) => p.nps || p.csat)
        ? [
            chartFigure({
              id: 'chart-nps-csat',
              title: `NPS and CSAT ${per}`,
              summary: `NPS ${estimateText(h.nps, 'score')}; CSAT ${estimateText(h.csat, 'share')}.`,
              labels,
              kind: 'line',
              series: [
                { label: 'NPS', values: pick(overview, (p) => p.nps?.value ?? null) },
                { label: 'CSAT satisfied %', values: pick(overview, (p) => (p.csat ? p.csat.value * 100 : null)) },
              ],
            }),
          ]
        : []),
    ),
  );
}

export function breakdownTable(breakdown: Breakdown): HTMLTableElement {
  const names = { team: 'Team', channel: 'Channel', form: 'Ticket form' } as const;
  return sortableTable(
    `By ${names[breakdown.by].toLowerCase()}`,
    [
      { label: names[breakdown.by], value: (r) => r.label },
      { label: 'Cases', value: (r) => r.cases, numeric: true },
      { label: 'Answers', value: (r) => r.answers, numeric: true },
      {
        label: 'CES',
        value: (r) => r.ces?.value ?? null,
        cell: (r) => (r.ces ? `${r.ces.value.toFixed(2)} ±${((r.ces.high - r.ces.low) / 2).toFixed(2)}` : '–'),
        numeric: true,
      },
      {
        label: 'Easy %',
        value: (r) => r.easyShare?.value ?? null,
        cell: (r) => percent(r.easyShare?.value ?? null),
        numeric: true,
      },
      {
        label: 'Response rate',
        value: (r) => r.responseRate?.value ?? null,
        cell: (r) => percent(r.responseRate?.value ?? null),
        numeric: true,
      },
      { label: 'Effort index', value: (r) => r.effortIndex, cell: (r) => fixed(r.effortIndex), numeric: true },
      {
        label: 'Team handoffs / case',
        value: (r) => r.drivers.teamHandoffs,
        cell: (r) => fixed(r.drivers.teamHandoffs, 2),
        numeric: true,
      },
      {
        label: 'Channel switches / case',
        value: (r) => r.drivers.channelSwitches,
        cell: (r) => fixed(r.drivers.channelSwitches, 2),
        numeric: true,
      },
    ],
    breakdown.rows,
    `breakdown-${breakdown.by}`,
  );
}

export function breakdownSection(tables: HTMLTableElement[]): HTMLElement {
  return section('breakdowns', 'Breakdowns', ...tables.map((t) => el('div', { class: 'table-box' }, t)));
}

export function alertsSection(alerts: Alerts): HTMLElement {
  if (!alerts.alerts.length) return section('alerts', 'Alerts', el('p', {}, 'No alerts yet.'));
  return section(
    'alerts',
    'Alerts',
    el(
      'div',
      { class: 'table-box' },
      sortableTable(
        'Recent alerts and who acknowledged them',
        [
          { label: 'Opened', value: (a) => a.openedAt, cell: (a) => a.openedAt.slice(0, 16).replace('T', ' ') },
          { label: 'About', value: (a) => a.label },
          { label: 'Metrics', value: (a) => a.metrics.join(', ') },
          { label: 'State', value: (a) => a.status },
          { label: 'Acknowledged by', value: (a) => a.acknowledgedBy ?? '–' },
        ],
        alerts.alerts,
        'alerts-table',
      ),
    ),
  );
}

export { pick, section };
