import { messageResource, sentAt, twilioError, type StandInSms, type TwilioError } from './twilio-shapes.js';

/** Twilio's default page size for lists, and its largest. */
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;
const DATE_FILTERS = ['DateSent', 'DateSent<', 'DateSent>'] as const;
type DateFilter = (typeof DATE_FILTERS)[number];

export interface ListContext {
  accountSid: string;
  /** Every message the account has, any order. */
  messages: readonly StandInSms[];
  sentAfterMs: number | undefined;
  nowMs: number;
}

/**
 * Read multiple Message resources, `GET /2010-04-01/Accounts/{AccountSid}/Messages.json`:
 * - `To`, `From`: exact matches;
 * - `DateSent` (that UTC day), `DateSent<` (on or before), `DateSent>` (on or after): a
 *   `YYYY-MM-DD` compares days, a date-time (what twilio-node sends) compares instants; a
 *   message not sent yet has no `date_sent` and no date filter matches it;
 * - `PageSize` (50 by default, at most 1,000), `Page` and `PageToken` as `next_page_uri`
 *   hands them out. Newest first. The token names the last message of the page before
 *   (`PA` + its SID), so a message created meanwhile does not shift the pages after it.
 * The answer is the list envelope of the 2010 API (`messages`, `start`, `end`, `page`,
 * `page_size`, `uri`, `first_page_uri`, `next_page_uri`, `previous_page_uri`).
 */
export function listMessages(context: ListContext, query: URLSearchParams): { status: number; body: unknown } {
  const dates: Partial<Record<DateFilter, DateBound>> = {};
  for (const name of DATE_FILTERS) {
    const raw = query.get(name);
    if (raw === null) continue;
    const bound = readDate(raw);
    if (!bound) return invalid(20001, `Invalid ${name}: ${raw}`);
    dates[name] = bound;
  }
  const size = query.has('PageSize') ? Number(query.get('PageSize')) : DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)
    return invalid(20001, `Invalid PageSize: ${query.get('PageSize')}`);
  const page = query.has('Page') ? Number(query.get('Page')) : 0;
  if (!Number.isInteger(page) || page < 0) return invalid(20001, `Invalid Page: ${query.get('Page')}`);

  const [to, from] = [query.get('To'), query.get('From')];
  const matching = context.messages
    .map((message) => ({ message, sent: sentAt(message, context.sentAfterMs, context.nowMs) }))
    .filter(
      ({ message, sent }) =>
        (to === null || message.to === to) && (from === null || message.from === from) && datesMatch(sent, dates),
    )
    .sort(
      (a, b) =>
        b.message.createdAt.getTime() - a.message.createdAt.getTime() || (b.message.sid < a.message.sid ? -1 : 1),
    );

  const start = startOf(
    matching.map(({ message }) => message.sid),
    query.get('PageToken'),
    page,
    size,
  );
  if (start === null) return invalid(20001, `Invalid PageToken: ${query.get('PageToken')}`);
  const items = matching.slice(start, start + size);
  const path = `/2010-04-01/Accounts/${context.accountSid}/Messages.json`;
  const uriOf = (pageNumber: number, token: string | null) => {
    const parts = new URLSearchParams();
    if (to !== null) parts.set('To', to);
    if (from !== null) parts.set('From', from);
    for (const name of DATE_FILTERS) if (query.has(name)) parts.set(name, query.get(name) ?? '');
    parts.set('PageSize', String(size));
    parts.set('Page', String(pageNumber));
    if (token) parts.set('PageToken', token);
    return `${path}?${parts.toString()}`;
  };
  const last = items.at(-1)?.message.sid;
  const first = items[0]?.message.sid;
  return {
    status: 200,
    body: {
      messages: items.map(({ message, sent }) => messageResource(message, context.accountSid, sent)),
      // Twilio numbers the items by page, not by where a token's anchor happens to be now.
      start: items.length > 0 ? page * size : 0,
      end: items.length > 0 ? page * size + items.length - 1 : 0,
      page,
      page_size: size,
      uri: uriOf(page, query.get('PageToken')),
      first_page_uri: uriOf(0, null),
      next_page_uri: last && start + items.length < matching.length ? uriOf(page + 1, `PA${last}`) : null,
      previous_page_uri: first && start > 0 ? uriOf(Math.max(0, page - 1), `PB${first}`) : null,
    },
  };
}

interface DateBound {
  /** Compare whole UTC days (`YYYY-MM-DD`) or instants. */
  day: boolean;
  ms: number;
}

function readDate(raw: string): DateBound | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
    const ms = Date.parse(`${raw}T00:00:00Z`);
    return Number.isNaN(ms) ? null : { day: true, ms };
  }
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? null : { day: false, ms };
}

function datesMatch(sent: Date | null, dates: Partial<Record<DateFilter, DateBound>>): boolean {
  const filters = Object.entries(dates) as Array<[DateFilter, DateBound]>;
  if (filters.length === 0) return true;
  if (!sent) return false;
  return filters.every(([name, bound]) => {
    const value = bound.day ? Date.UTC(sent.getUTCFullYear(), sent.getUTCMonth(), sent.getUTCDate()) : sent.getTime();
    if (name === 'DateSent<') return value <= bound.ms;
    if (name === 'DateSent>') return value >= bound.ms;
    return bound.day ? value === bound.ms : Math.floor(value / 1000) === Math.floor(bound.ms / 1000);
  });
}

/** Index of the page's first message: after the token's message (`PA`), a page before it (`PB`), or `Page` × `PageSize`. */
function startOf(sids: string[], token: string | null, page: number, size: number): number | null {
  if (token === null) return page * size;
  const anchor = sids.indexOf(token.slice(2));
  if (!/^P[AB]SM/.test(token) || anchor < 0) return null;
  return token.startsWith('PA') ? anchor + 1 : Math.max(0, anchor - size);
}

function invalid(code: number, message: string): { status: number; body: TwilioError } {
  return { status: 400, body: twilioError(code, message, 400) };
}
