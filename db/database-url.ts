/**
 * What a DATABASE_URL names, without loading a database driver: a SQLite deployment never
 * loads `pg` and drizzle's PostgreSQL dialect (about 15 MiB of resident memory).
 */

/** True for the URLs that name a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//i.test(databaseUrl);
}

/** The URL with its password replaced, for messages and logs. */
export function redactedUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/** A DATABASE_URL as messages and logs may show it: a PostgreSQL password replaced, a SQLite path as it is. */
export function databaseLabel(databaseUrl: string): string {
  return isPostgresUrl(databaseUrl) ? redactedUrl(databaseUrl) : databaseUrl;
}
