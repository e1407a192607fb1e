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
