import { isRecord, readId } from './payload-fields.js';
import { field, nextPageLink } from './paging.js';

/** One GET's outcome, as the client's transport reports it (any 4xx other than 404 throws). */
export interface AuditPageResponse {
  status: number;
  body: unknown;
}

export interface AuditPageReader {
  /** First page: `tickets/{id}/audits.json` with `page[size]=100`, on the configured base URL. */
  firstUrl: string;
  /** GETs one page; `page` is 1-based, for logs. */
  read(url: string, page: number): Promise<AuditPageResponse>;
  /** Next links carry Zendesk's own host; the client maps them onto its base URL. */
  rebase(link: string): string;
}

/**
 * Zendesk's largest page for this listing ("Returns a maximum of 100 records per page"),
 * with cursor pagination, which the List Audits for a Ticket reference recommends.
 */
export const AUDIT_PAGE_SIZE = 100;
/** Guards against a server whose `next` link never ends; 1,000 pages is 100,000 audits. */
const MAX_PAGES = 1_000;

/**
 * The id of the first audit of the ticket whose `metadata.custom` holds every key and value
 * of `custom`; null when none does, or when the ticket is gone (404: the PUT that follows
 * reports that). Zendesk's update takes a write-only ticket `metadata` object and files it
 * under `metadata.custom` of the audit the update creates (Update Ticket, `metadata`: "In
 * the audit object, the data is specified in the custom property of the metadata object").
 * List Audits for a Ticket documents no sort order or filter, so every page is read; a
 * ticket has tens of audits, and this runs only after a write whose outcome is unknown.
 */
export async function findAuditByMetadata(
  reader: AuditPageReader,
  custom: Record<string, string>,
): Promise<number | null> {
  if (Object.keys(custom).length === 0) return null; // nothing to recognise an audit by
  const seen = new Set<string>();
  let url: string | null = reader.firstUrl;
  while (url && !seen.has(url) && seen.size < MAX_PAGES) {
    seen.add(url);
    const response = await reader.read(url, seen.size);
    if (response.status === 404) return null;
    const audits = field(response.body, 'audits');
    for (const audit of Array.isArray(audits) ? audits : []) {
      if (isRecord(audit) && carriesMetadata(audit.metadata, custom)) return readId(audit.id);
    }
    const next = nextPageLink(response.body);
    url = next ? reader.rebase(next) : null;
  }
  return null;
}

/** Zendesk keeps custom metadata as given; compare as strings, as we wrote them. */
function carriesMetadata(metadata: unknown, custom: Record<string, string>): boolean {
  const written = isRecord(metadata) ? metadata.custom : undefined;
  if (!isRecord(written)) return false;
  return Object.entries(custom).every(([key, value]) => written[key] !== undefined && String(written[key]) === value);
}
