/** The filters live in the URL, so a link shows the same figures to whoever opens it. */
export interface Filters {
  from?: string;
  to?: string;
  team?: string;
  channel?: string;
  form?: string;
  granularity?: string;
}

export const FILTER_KEYS = ['from', 'to', 'team', 'channel', 'form', 'granularity'] as const;

export function filtersFromUrl(url: URL = new URL(location.href)): Filters {
  const filters: Filters = {};
  for (const key of FILTER_KEYS) {
    const value = url.searchParams.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

export function filtersFromForm(form: HTMLFormElement): Filters {
  const data = new FormData(form);
  const filters: Filters = {};
  for (const key of FILTER_KEYS) {
    const value = data.get(key);
    if (typeof value === 'string' && value !== '') filters[key] = value;
  }
  return filters;
}

/** Replaces the query string with the filters (pushes a history entry, so Back undoes a change). */
export function writeFiltersToUrl(filters: Filters): void {
  const url = new URL(location.href);
  url.search = '';
  for (const key of FILTER_KEYS) if (filters[key]) url.searchParams.set(key, filters[key]!);
  if (url.href !== location.href) history.pushState(null, '', url);
}
