/**
 * A copy of a migrations folder whose journal ends just before a given migration, to write a
 * database as the version before that migration did, then migrate it the rest of the way.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { migrationsFolder } from '../../db/migrate.js';

export function migrationsBefore(folder: 'migrations' | 'migrations-pg', dir: string, migrationTag: string): string {
  const copy = join(dir, folder);
  cpSync(migrationsFolder(folder), copy, { recursive: true });
  const journalPath = join(copy, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ tag: string }> };
  const index = journal.entries.findIndex((entry) => entry.tag.endsWith(migrationTag));
  expect(index).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, index);
  writeFileSync(journalPath, JSON.stringify(journal));
  return copy;
}
