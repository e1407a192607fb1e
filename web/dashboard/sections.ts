import { chartFigure } from './charts.js';
import { count, el, estimateText, fixed, percent } from './format.js';
import type { Alerts, Breakdown, DriverCosts, FigureRow, Overview } from './types.js';
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

/** The driver costs: a model fit that can take seconds, so the page fills it in when it arrives. */
export function driverCostsBlock(costs: DriverCosts | null): HTMLElement {
  if (!costs)
    return el(
      'div',
      { id: 'driver-costs-block' },
      el('p', { role: 'status' }, 'Fitting the effort model to the answers…'),
    );
  return el('div', { id: 'driver-costs-block' }, ...driverCostParts(costs));
}

function driverCostParts(costs: DriverCosts): Array<Node | string> {
  const ces = (value: number | null) => (value === null ? '–' : value.toFixed(2));
  const costTable = costs.costs.length
    ? sortableTable(
        'What each driver costs in CES, the others held equal (negative: harder)',
        [
          { label: 'Driver', value: (c) => c.unit },
          { label: 'CES per unit', value: (c) => c.effect, cell: (c) => ces(c.effect), numeric: true },
          {
            label: '95% CI',
            value: (c) => c.low,
            cell: (c) => (c.low === null ? 'too few cases' : `${ces(c.low)} to ${ces(c.high)}`),
            numeric: true,
          },
          { label: 'n', value: (c) => c.n, cell: (c) => count(c.n), numeric: true },
        ],
        costs.costs,
        'driver-costs',
      )
    : '';
  const held = costs.indexPrediction;
  const prediction =
    held && held.spearman !== null
      ? el(
          'p',
          { id: 'index-prediction' },
          `How well the effort index predicts the answers: Spearman ρ = ${held.spearman.toFixed(2)} on ${count(held.cases)} answers it was not fitted on (${held.folds}-fold)` +
            (held.baseSpearman === null ? '.' : `; the configured weights reach ${held.baseSpearman.toFixed(2)}.`),
        )
      : '';
  return [
    el('p', { id: 'driver-costs-message', class: costs.enoughAnswers ? '' : 'note', role: 'status' }, costs.message),
    costTable,
    prediction,
  ];
}

export function driversSection(overview: Overview, costs: HTMLElement): HTMLElement {
  const labels = overview.series.map((p) => p.start);
  const d = (f: (drivers: FigureRow['drivers']) => number | null) => overview.series.map((p) => f(p.drivers));
  return section(
    'drivers',
    'What drives effort',
    chartFigure({
      id: 'chart-drivers',
      title: 'Drivers per case over time',
      summary: `Per case in the period: ${fixed(overview.headline.drivers.teamHandoffs, 2)} team handoffs, ${fixed(overview.headline.drivers.channelSwitches, 2)} channel switches, ${fixed(overview.headline.drivers.reopens, 2)} reopens.`,
      labels,
      kind: 'line',
      series: [
        { label: 'Channel switches', values: d((x) => x.channelSwitches) },
        { label: 'Team handoffs', values: d((x) => x.teamHandoffs) },
        { label: 'Agent handoffs', values: d((x) => x.agentHandoffs) },
        { label: 'Reopens', values: d((x) => x.reopens) },
        { label: 'Repeat contact share', values: d((x) => x.repeatContactShare) },
        { label: 'First-contact resolution share', values: d((x) => x.firstContactResolutionShare) },
      ],
      yMin: 0,
    }),
    costs,
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

export { section };
