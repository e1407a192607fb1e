import { getJson } from './api.js';
import { casesSection } from './cases.js';
import { driverCostsBlock, driversSection } from './drivers.js';
import { type Filters, filtersFromForm, filtersFromUrl, writeFiltersToUrl } from './filters.js';
import { el } from './format.js';
import { alertsSection, breakdownSection, breakdownTable, headlineSection, overTimeSection } from './sections.js';
import type { Alerts, Breakdown, Cases, DriverCosts, Options, Overview } from './types.js';

const app = document.getElementById('app')!;
const dialog = el('dialog', { 'aria-labelledby': 'case-title', id: 'case-dialog' });

function select(
  name: string,
  label: string,
  choices: Array<{ value: string; label: string }>,
  current?: string,
  anyLabel = `Every ${label.toLowerCase()}`,
) {
  const id = `filter-${name}`;
  const control = el('select', { id, name }, el('option', { value: '' }, anyLabel));
  for (const choice of choices) {
    const option = el('option', { value: choice.value }, choice.label);
    if (choice.value === current) option.selected = true;
    control.append(option);
  }
  return el('div', { class: 'field' }, el('label', { for: id }, label), control);
}

function dateInput(name: string, label: string, value: string) {
  const id = `filter-${name}`;
  return el(
    'div',
    { class: 'field' },
    el('label', { for: id }, label),
    el('input', { id, name, type: 'date', value, required: '' }),
  );
}

function filterForm(options: Options, filters: Filters, period: Overview['filters']): HTMLFormElement {
  const form = el(
    'form',
    { id: 'filters', role: 'search', 'aria-label': 'Filters' },
    dateInput('from', 'From', period.from),
    dateInput('to', 'To', period.to),
    select(
      'team',
      'Team',
      options.teams.map((t) => ({ value: String(t.id), label: t.label })),
      filters.team,
    ),
    select(
      'channel',
      'Channel',
      options.channels.map((c) => ({ value: c, label: c })),
      filters.channel,
    ),
    select(
      'form',
      'Form',
      options.forms.map((f) => ({ value: String(f.id), label: f.label })),
      filters.form,
    ),
    select(
      'granularity',
      'Series',
      [
        { value: 'day', label: 'Per day' },
        { value: 'week', label: 'Per week' },
      ],
      filters.granularity,
      'Days up to 92 days, then weeks',
    ),
    el('button', { type: 'submit' }, 'Apply'),
  );
  const apply = () => {
    writeFiltersToUrl(filtersFromForm(form));
    void load();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  // Choosing from a list applies at once; dates apply on Apply (or Enter), so typing one does not reload per digit.
  for (const control of form.querySelectorAll('select')) control.addEventListener('change', apply);
  return form;
}

/** Counts page loads, so a slow answer from an earlier filter never overwrites the current one. */
let loads = 0;

async function load(): Promise<void> {
  const filters = filtersFromUrl();
  app.setAttribute('data-ready', 'false');
  app.setAttribute('aria-busy', 'true');
  try {
    const { granularity, ...rangeFilters } = filters;
    // The driver costs are a model fit (seconds when not yet kept for this filter): asked for
    // now, filled in when they arrive, never holding up the rest of the page.
    const costs = getJson<DriverCosts>('dashboard/driver-costs', rangeFilters);
    costs.catch(() => undefined); // handled below once the page is drawn; never an unhandled rejection meanwhile
    const [overview, options, byTeam, byChannel, byForm, cases, alerts] = await Promise.all([
      getJson<Overview>('dashboard/overview', filters),
      getJson<Options>('dashboard/options'),
      getJson<Breakdown>('dashboard/breakdown', rangeFilters, { by: 'team' }),
      getJson<Breakdown>('dashboard/breakdown', rangeFilters, { by: 'channel' }),
      getJson<Breakdown>('dashboard/breakdown', rangeFilters, { by: 'form' }),
      getJson<Cases>('dashboard/cases', rangeFilters, { limit: '25' }),
      getJson<Alerts>('dashboard/alerts', undefined, { limit: '20' }),
    ]);
    void granularity;
    const main = el(
      'main',
      { id: 'main', tabindex: '-1' },
      filterForm(options, filters, overview.filters),
      el(
        'p',
        { class: 'live', role: 'status', id: 'period' },
        `${overview.filters.from} to ${overview.filters.to}: ${overview.headline.cases} cases.`,
      ),
      headlineSection(overview),
      overTimeSection(overview),
      driversSection(overview, driverCostsBlock(null)),
      breakdownSection([breakdownTable(byTeam), breakdownTable(byChannel), breakdownTable(byForm)]),
      casesSection(cases, rangeFilters, dialog),
      alertsSection(alerts),
    );
    app.replaceChildren(main, dialog);
    // Charts are created in microtasks once their canvases are in the page; ready after those.
    await Promise.resolve();
    await new Promise((resolve) => requestAnimationFrame(resolve));
    app.setAttribute('data-ready', 'true');
    const generation = ++loads;
    costs.then(
      (report) => {
        if (generation === loads) document.getElementById('driver-costs-block')?.replaceWith(driverCostsBlock(report));
      },
      (error: Error) => {
        if (generation === loads)
          document
            .getElementById('driver-costs-block')
            ?.replaceChildren(el('p', { role: 'alert' }, `The driver costs could not be computed: ${error.message}`));
      },
    );
  } catch (error) {
    app.replaceChildren(
      el(
        'main',
        { id: 'main' },
        el('p', { role: 'alert' }, `The figures could not be loaded: ${(error as Error).message}`),
      ),
    );
  } finally {
    app.removeAttribute('aria-busy');
  }
}

window.addEventListener('popstate', () => void load());
void load();
