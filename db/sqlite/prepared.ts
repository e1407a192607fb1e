import { sql } from 'drizzle-orm';

/**
 * A statement prepared on first use and kept: drizzle builds the SQL text and better-sqlite3
 * compiles it once per process instead of on every call (preparing was 7-11 % of the
 * service's CPU). First use, not construction, since a store may be opened before its
 * tables exist (`migrate` runs after the open).
 */
export function preparedOnce<T>(prepare: () => T): () => T {
  let statement: T | undefined;
  return () => {
    statement ??= prepare();
    return statement;
  };
}

/**
 * Statements whose columns depend on the row (a patch sets some fields, not others): one
 * prepared statement per set of defined keys, a handful in practice. `prepare` gets a row of
 * placeholders named after the keys; `values` strips the undefined ones to match.
 */
export function preparedByShape<T>(prepare: (placeholderRow: Record<string, unknown>) => T) {
  const statements = new Map<string, T>();
  return (row: Record<string, unknown>): { statement: T; values: Record<string, unknown> } => {
    const values = Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined));
    const keys = Object.keys(values).sort();
    const shape = keys.join(',');
    let statement = statements.get(shape);
    if (!statement) {
      statement = prepare(Object.fromEntries(keys.map((key) => [key, sql.placeholder(key)])));
      statements.set(shape, statement);
    }
    return { statement, values };
  };
}
