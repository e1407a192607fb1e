import { chartFigure } from './charts.js';
import { count, el, fixed } from './format.js';
import { section } from './sections.js';
import { sortableTable } from './sortable-table.js';
import type { DriverCosts, FigureRow, Overview } from './types.js';

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
