/** Fetches from the dashboard API with the session cookie; a lapsed session sends the browser to sign in. */
import type { Filters } from './filters.js';

export async function getJson<T>(path: string, filters?: Filters, extra: Record<string, string> = {}): Promise<T> {
  const query = new URLSearchParams({ ...(filters ? filterParams(filters) : {}), ...extra });
  const response = await fetch(`/api/${path}${query.size ? `?${query}` : ''}`, {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  });
  if (response.status === 401) {
    location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
    throw new Error('signed out');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new Error(body.message ?? `${path} answered ${response.status}`);
  }
  return (await response.json()) as T;
}

export function filterParams(filters: Filters): Record<string, string> {
  return Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== '' && value !== undefined),
  ) as Record<string, string>;
}
