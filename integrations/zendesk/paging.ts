import { isRecord, readId, readText } from './payload-fields.js';

/** One top-level property of a Zendesk response body, or undefined. */
export function field(body: unknown, name: string): unknown {
  return isRecord(body) ? body[name] : undefined;
}

/** Cursor pagination says `meta.has_more` + `links.next`; offset pagination says `next_page`. */
export function nextPageLink(body: unknown): string | null {
  if (!isRecord(body)) return null;
  if (isRecord(body.meta) && typeof body.meta.has_more === 'boolean') {
    return body.meta.has_more && isRecord(body.links) ? readText(body.links.next) : null;
  }
  return readText(body.next_page);
}

/** The `start_time` of an incremental export's `next_page` link. */
export function startTimeOf(nextPage: unknown): number | null {
  const link = readText(nextPage);
  if (!link) return null;
  try {
    return readId(new URL(link).searchParams.get('start_time'));
  } catch {
    return null;
  }
}
