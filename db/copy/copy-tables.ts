/**
 * The dialect-neutral half of `effortless copy-db`: which tables, in which order, page by
 * page in primary-key order from the source, each page written to the target in one
 * transaction that leaves rows already there as they are. Memory holds one page at a time.
 */
import { type Column, getTableColumns, getTableName, is, type SQL, sql, type Table } from 'drizzle-orm';
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core';

export type Row = Record<string, unknown>;

/** A copy that must not start; the CLI prints its message as one line. */
export class CopyRefused extends Error {}

/** `(k1, k2, ...) > (v1, v2, ...)`: the rows after a page's last key (both engines compare row values). */
export function afterKey(key: Column[], values: unknown[]): SQL {
  return sql`(${sql.join(key, sql`, `)}) > (${sql.join(
    values.map((value, i) => sql`${sql.param(value, key[i])}`),
    sql`, `,
  )})`;
}

/** One open database in the copy: a source reads, a target writes. */
export interface CopySide {
  /** The URL without its password, for messages. */
  readonly label: string;
  /** The schema's tables (db/schema*.ts or db/pg/schema*.ts) by SQL name. */
  readonly tables: ReadonlyMap<string, Table>;
  /** The tables the database holds, migration bookkeeping left out. */
  listTables(): Promise<string[]>;
  /** Up to `limit` rows whose key comes after `after` (null: from the start), in key order. */
  readPage(table: Table, key: Column[], after: unknown[] | null, limit: number): Promise<Row[]>;
  /** Inserts the rows in one transaction, skipping any that conflicts with a row already there; returns how many were new. */
  insertBatch(table: Table, rows: Row[]): Promise<number>;
  /** After every table is copied (PostgreSQL moves its identity sequences past the copied ids). */
  finish(copiedTables: string[]): Promise<void>;
  close(): Promise<void>;
}

export interface TableCount {
  table: string;
  copied: number;
  alreadyThere: number;
}

interface TableShape {
  columns: Column[];
  /** Primary-key columns; pages follow this order. */
  key: Column[];
  /** Tables this one has foreign keys to: copied first. */
  references: string[];
}

function shapeOf(table: Table): TableShape {
  const config = is(table, PgTable) ? pgTableConfig(table) : sqliteTableConfig(table as never);
  const composite = config.primaryKeys[0]?.columns as Column[] | undefined;
  return {
    columns: config.columns as Column[],
    key: composite ?? (config.columns as Column[]).filter((column) => column.primary),
    references: config.foreignKeys.map((foreignKey) => getTableName(foreignKey.reference().foreignTable)),
  };
}

/** Every table referenced by a foreign key before the tables that reference it. */
export function copyOrder(tables: ReadonlyMap<string, Table>): string[] {
  const ordered: string[] = [];
  const visit = (name: string, path: Set<string>): void => {
    if (ordered.includes(name) || path.has(name)) return;
    const table = tables.get(name);
    if (!table) return;
    for (const referenced of shapeOf(table).references) visit(referenced, new Set([...path, name]));
    ordered.push(name);
  };
  for (const name of [...tables.keys()].sort()) visit(name, new Set());
  return ordered;
}

/** Large enough to keep round trips few, small enough for both engines' bound-parameter limits. */
function batchSize(columnCount: number): number {
  return Math.max(1, Math.min(250, Math.floor(20_000 / columnCount)));
}

/** The source row under the target's property names (matched by SQL column name). */
function rowMapper(source: Column[], target: Table, tableName: string): (row: Row) => Row {
  const targetKeys = new Map(
    Object.entries(getTableColumns(target)).map(([key, column]) => [column.name, key] as const),
  );
  const pairs = source.map((column) => {
    const targetKey = targetKeys.get(column.name);
    if (!targetKey) throw new Error(`${tableName}.${column.name} has no column on the target: the schemas differ`);
    return [propertyKey(column), targetKey] as const;
  });
  return (row) => Object.fromEntries(pairs.map(([from, to]) => [to, row[from]]));
}

/** The JS property a column is read into (drizzle keys rows by property, not by SQL name). */
function propertyKey(column: Column): string {
  const entry = Object.entries(getTableColumns(column.table)).find(([, each]) => each.name === column.name);
  if (!entry) throw new Error(`column ${column.name} not found on its table`);
  return entry[0];
}

/** Copies one table, page by page; the target's own rows with the same key stay as they are. */
export async function copyTable(
  source: CopySide,
  target: CopySide,
  name: string,
  pageSize?: number,
): Promise<TableCount> {
  const from = source.tables.get(name);
  const to = target.tables.get(name);
  if (!from || !to) throw new Error(`table ${name} is missing on one side`);
  const shape = shapeOf(from);
  const toTarget = rowMapper(shape.columns, to, name);
  const keyProperties = shape.key.map(propertyKey);
  const limit = pageSize ?? batchSize(shape.columns.length);
  const count: TableCount = { table: name, copied: 0, alreadyThere: 0 };
  let after: unknown[] | null = null;
  for (;;) {
    const page = await source.readPage(from, shape.key, after, limit);
    if (page.length === 0) break;
    const inserted = await target.insertBatch(to, page.map(toTarget));
    count.copied += inserted;
    count.alreadyThere += page.length - inserted;
    const last = page[page.length - 1] as Row;
    after = keyProperties.map((property) => last[property]);
    if (page.length < limit) break;
  }
  return count;
}

export interface NotCopied {
  table: string;
  reason: string;
}

/**
 * The tables both schemas have, in copy order, and the tables left out with the reason: a
 * table only one schema has, or one the source database holds that this version's schema
 * does not name (none while the schema modules here match drizzle.config.ts).
 */
export async function planTables(
  source: CopySide,
  target: CopySide,
): Promise<{ tables: string[]; notCopied: NotCopied[] }> {
  const tables = copyOrder(source.tables).filter((name) => target.tables.has(name));
  for (const name of tables) {
    const key = shapeOf(source.tables.get(name) as Table).key;
    if (key.length === 0) throw new Error(`table ${name} has no primary key to page by`);
  }
  const notCopied: NotCopied[] = [...new Set([...source.tables.keys(), ...target.tables.keys()])]
    .filter((name) => !(source.tables.has(name) && target.tables.has(name)))
    .map((table) => ({ table, reason: `only the ${source.tables.has(table) ? 'source' : 'target'} schema has it` }));
  for (const table of await source.listTables()) {
    if (!source.tables.has(table)) notCopied.push({ table, reason: 'in the source database but not in the schema' });
  }
  return { tables, notCopied: notCopied.sort((a, b) => a.table.localeCompare(b.table)) };
}
