/**
 * The two pagination styles of GET /api/v2/tickets/{id}/audits.json ("Pagination" in the
 * API introduction). Without `page[...]` parameters Zendesk answers offset pages
 * (`next_page`, `previous_page`, `count`; `page`, `per_page`); with `page[size]`,
 * `page[after]` or `page[before]` it answers cursor pages (`meta.has_more`,
 * `meta.after_cursor`, `links.next`). Both are oldest first.
 */

export type PageRequest =
  | { style: 'offset'; page: number; perPage: number; explicitPerPage: boolean }
  | { style: 'cursor'; size: number; after: number | null; before: number | null };

export const MAX_PAGE_SIZE = 100;

/** Reads the query; null when a cursor is not one this stand-in handed out. */
export function readPageRequest(query: Record<string, string>, defaultSize: number): PageRequest | null {
  const cursorKeys = ['page[size]', 'page[after]', 'page[before]'];
  if (cursorKeys.some((key) => key in query)) {
    const after = query['page[after]'] === undefined ? null : decodeCursor(query['page[after]']);
    const before = query['page[before]'] === undefined ? null : decodeCursor(query['page[before]']);
    if (Number.isNaN(after) || Number.isNaN(before)) return null;
    return { style: 'cursor', size: clampSize(query['page[size]'], MAX_PAGE_SIZE), after, before };
  }
  const page = Number.parseInt(query.page ?? '1', 10);
  return {
    style: 'offset',
    page: Number.isFinite(page) && page > 0 ? page : 1,
    perPage: clampSize(query.per_page, defaultSize),
    explicitPerPage: query.per_page !== undefined,
  };
}

/** One page of `items` and the paging properties Zendesk puts beside it. */
export function pageOf<T>(
  items: T[],
  request: PageRequest,
  link: (query: string) => string,
): { items: T[]; paging: Record<string, unknown> } {
  if (request.style === 'offset') {
    const { page, perPage } = request;
    const start = (page - 1) * perPage;
    const perPageQuery = request.explicitPerPage ? `&per_page=${perPage}` : '';
    return {
      items: items.slice(start, start + perPage),
      paging: {
        next_page: start + perPage < items.length ? link(`page=${page + 1}${perPageQuery}`) : null,
        previous_page: page > 1 ? link(`page=${page - 1}${perPageQuery}`) : null,
        count: items.length,
      },
    };
  }
  // A cursor names the index of an item: after N starts at N + 1, before N ends at N - 1.
  const end = request.before ?? items.length;
  const start =
    request.after !== null ? request.after + 1 : request.before !== null ? Math.max(0, end - request.size) : 0;
  const slice = items.slice(start, Math.min(end, start + request.size));
  const last = start + slice.length - 1;
  const hasMore = request.before !== null ? start > 0 : last + 1 < items.length;
  const afterCursor = slice.length > 0 ? encodeCursor(last) : null;
  const beforeCursor = slice.length > 0 ? encodeCursor(start) : null;
  const size = `page%5Bsize%5D=${request.size}`;
  return {
    items: slice,
    paging: {
      meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor },
      links: {
        next: afterCursor && last + 1 < items.length ? link(`page%5Bafter%5D=${afterCursor}&${size}`) : null,
        prev: beforeCursor && start > 0 ? link(`page%5Bbefore%5D=${beforeCursor}&${size}`) : null,
      },
    },
  };
}

function clampSize(text: string | undefined, fallback: number): number {
  const size = Number.parseInt(text ?? '', 10);
  return Number.isFinite(size) && size > 0 ? Math.min(size, MAX_PAGE_SIZE) : fallback;
}

function encodeCursor(index: number): string {
  return Buffer.from(`audit:${index}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^audit:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match?.[1] ? Number(match[1]) : Number.NaN;
}
