import { el } from './format.js';

export interface Column<Row> {
  label: string;
  /** The value sorted by; text columns sort alphabetically, numbers numerically. */
  value(row: Row): number | string | null;
  /** What the cell shows (defaults to the value). */
  cell?(row: Row): Node | string;
  numeric?: boolean;
}

/**
 * A table whose column headers are buttons that sort it (aria-sort says how), so sorting
 * works with a keyboard and is announced by screen readers.
 */
export function sortableTable<Row>(caption: string, columns: Column<Row>[], rows: Row[], id: string): HTMLTableElement {
  const table = el('table', { class: 'sortable', id });
  let sortColumn = -1;
  let ascending = false;
  const body = el('tbody');
  const headers = columns.map((column, index) => {
    const button = el('button', { type: 'button' }, column.label);
    const th = el('th', { scope: 'col', 'aria-sort': 'none', class: column.numeric ? 'num' : '' }, button);
    button.addEventListener('click', () => {
      ascending = sortColumn === index ? !ascending : !column.numeric;
      sortColumn = index;
      render();
    });
    return th;
  });
  const render = () => {
    const sorted = [...rows];
    if (sortColumn >= 0) {
      const column = columns[sortColumn]!;
      sorted.sort((a, b) => compare(column.value(a), column.value(b)) * (ascending ? 1 : -1));
    }
    for (const [i, th] of headers.entries())
      th.setAttribute('aria-sort', i === sortColumn ? (ascending ? 'ascending' : 'descending') : 'none');
    body.replaceChildren(
      ...sorted.map((row) =>
        el(
          'tr',
          {},
          ...columns.map((c) =>
            el('td', { class: c.numeric ? 'num' : '' }, c.cell ? c.cell(row) : String(c.value(row) ?? '–')),
          ),
        ),
      ),
    );
  };
  table.append(el('caption', {}, caption), el('thead', {}, el('tr', {}, ...headers)), body);
  render();
  return table;
}

function compare(a: number | string | null, b: number | string | null): number {
  if (a === null) return b === null ? 0 : -1;
  if (b === null) return 1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}
