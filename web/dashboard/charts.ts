import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartDataset,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { el } from './format.js';

// Only what the dashboard draws: keeps the bundle small.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;

export const PALETTE = ['#1f5fa8', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0e7490', '#a16207'];

export interface Band {
  label: string;
  values: Array<number | null>;
  low: Array<number | null>;
  high: Array<number | null>;
}

export interface ChartSpec {
  id: string;
  title: string;
  /** What the chart shows, read by screen readers in place of the picture. */
  summary: string;
  labels: string[];
  kind: 'line' | 'bar';
  band?: Band;
  series: Array<{ label: string; values: Array<number | null> }>;
  yMin?: number;
  yMax?: number;
}

const charts = new Map<string, Chart>();

function datasets(spec: ChartSpec): ChartDataset<'line' | 'bar', Array<number | null>>[] {
  const out: ChartDataset<'line' | 'bar', Array<number | null>>[] = [];
  if (spec.band) {
    const colour = PALETTE[0]!;
    out.push(
      { type: 'line', label: '95% CI low', data: spec.band.low, borderWidth: 0, pointRadius: 0, fill: false },
      {
        type: 'line',
        label: '95% CI',
        data: spec.band.high,
        borderWidth: 0,
        pointRadius: 0,
        backgroundColor: `${colour}33`,
        fill: '-1',
      },
      {
        type: 'line',
        label: spec.band.label,
        data: spec.band.values,
        borderColor: colour,
        backgroundColor: colour,
        pointRadius: 2,
      },
    );
  }
  spec.series.forEach((series, i) => {
    const colour = PALETTE[(i + (spec.band ? 1 : 0)) % PALETTE.length]!;
    out.push({
      type: spec.kind,
      label: series.label,
      data: series.values,
      borderColor: colour,
      backgroundColor: colour,
      pointRadius: 2,
    });
  });
  return out;
}

/** The same figures as a table, for screen readers and anyone who wants the numbers. */
function dataTable(spec: ChartSpec): HTMLElement {
  const columns = [
    ...(spec.band ? [spec.band.label, '95% CI low', '95% CI high'] : []),
    ...spec.series.map((s) => s.label),
  ];
  const rows = spec.labels.map((label, i) => {
    const values = [
      ...(spec.band ? [spec.band.values[i], spec.band.low[i], spec.band.high[i]] : []),
      ...spec.series.map((s) => s.values[i]),
    ];
    return el(
      'tr',
      {},
      el('th', { scope: 'row' }, label),
      ...values.map((v) => el('td', {}, v === null || v === undefined ? '–' : String(Math.round(v * 100) / 100))),
    );
  });
  return el(
    'details',
    { class: 'chart-data' },
    el('summary', {}, `${spec.title}: the numbers`),
    el(
      'div',
      { class: 'table-box' },
      el(
        'table',
        {},
        el(
          'thead',
          {},
          el('tr', {}, el('th', { scope: 'col' }, 'Period'), ...columns.map((c) => el('th', { scope: 'col' }, c))),
        ),
        el('tbody', {}, ...rows),
      ),
    ),
  );
}

/** A figure holding the chart (a canvas described for screen readers) and its data table. */
export function chartFigure(spec: ChartSpec): HTMLElement {
  charts.get(spec.id)?.destroy();
  const canvas = el('canvas', { id: spec.id, role: 'img', 'aria-label': `${spec.title}. ${spec.summary}` });
  const figure = el(
    'figure',
    { class: 'chart' },
    el('figcaption', {}, spec.title),
    el('div', { class: 'canvas-box' }, canvas),
    dataTable(spec),
  );
  // Drawn once the figure is in the page, so Chart.js can measure its box.
  queueMicrotask(() => {
    charts.set(
      spec.id,
      new Chart(canvas, {
        type: spec.kind,
        data: { labels: spec.labels, datasets: datasets(spec) },
        options: {
          responsive: true,
          interaction: { mode: 'index', intersect: false },
          scales: { y: { min: spec.yMin, max: spec.yMax } },
          plugins: { legend: { labels: { filter: (item) => item.text !== '95% CI low' } } },
        },
      }),
    );
  });
  return figure;
}
