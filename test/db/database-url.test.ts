import { describe, expect, it } from 'vitest';
import { databaseLabel, isPostgresUrl, redactedUrl } from '../../db/database-url.js';

describe('database URLs', () => {
  it('tells PostgreSQL URLs from SQLite files', () => {
    expect(isPostgresUrl('postgres://u:p@db/effortless')).toBe(true);
    expect(isPostgresUrl('POSTGRESQL://db/effortless')).toBe(true);
    expect(isPostgresUrl('file:./data/effortless.db')).toBe(false);
    expect(isPostgresUrl(':memory:')).toBe(false);
    expect(isPostgresUrl('./postgres://not-a-url.db')).toBe(false);
  });

  it('never shows a password', () => {
    expect(redactedUrl('postgres://app:s3cret@db:5432/effortless')).toBe('postgres://app:***@db:5432/effortless');
    expect(redactedUrl('postgres://db/effortless')).toBe('postgres://db/effortless');
    expect(redactedUrl('postgres://app:s3cret@[bad')).not.toContain('s3cret');
    expect(databaseLabel('postgres://app:s3cret@db/e')).toBe('postgres://app:***@db/e');
    expect(databaseLabel('file:./data/effortless.db')).toBe('file:./data/effortless.db');
  });
});
