/**
 * The migration survey_outcome_counts (SQLite): surveys stored before it are counted by it, and
 * from then on the triggers keep the counts equal to a GROUP BY over the surveys, whichever way
 * a survey changes: a new survey, a move between buckets, an upsert that starts a round again, a
 * delete (a ticket's cascade included).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { SurveyOutcomeCount } from '../../src/ports/survey-store.js';
import { migrationsBefore } from '../support/migrations-before.js';
import { newSurvey } from '../support/new-survey.js';

const t0 = Date.parse('2026-03-02T10:00:00Z');
const at = (minutes: number) => new Date(t0 + minutes * 60_000);

/** Rows as the version before wrote them: tickets 1-4, and surveys in four buckets (two share one). */
function writeBefore(sqlite: Database.Database): void {
  const ticket = sqlite.prepare(
    "INSERT INTO tickets (id, status, channel, created_at, updated_at) VALUES (?, 'solved', 'sms', ?, ?)",
  );
  for (const id of [1, 2, 3, 4, 5]) ticket.run(id, t0, t0);
  const survey = sqlite.prepare(
    `INSERT INTO surveys (ticket_id, kind, channel, status, skip_rule, language, sent_at, answered_at, journey_rule,
       created_at, updated_at) VALUES (?, 'CES', ?, ?, ?, 'nl', ?, ?, ?, ?, ?)`,
  );
  survey.run(1, 'sms', 'answered', null, t0, t0, null, t0, t0);
  survey.run(2, 'sms', 'answered', null, t0, t0, null, t0, t0);
  survey.run(3, 'slack', 'sent', null, t0, null, 2, t0, t0);
  survey.run(4, null, 'skipped', 'cooldown', null, null, null, t0, t0);
}

/** The counts as the GROUP BY the table replaces computes them, in countOutcomes' shape. */
function groupedCounts(file: string): SurveyOutcomeCount[] {
  const check = new Database(file, { readonly: true });
  try {
    const rows = check
      .prepare(
        `SELECT channel, journey_rule AS journeyRule, status, skip_rule AS skipRule, sent_at IS NOT NULL AS sent,
           answered_at IS NOT NULL AS answered, count(*) AS count FROM surveys GROUP BY 1, 2, 3, 4, 5, 6`,
      )
      .all() as Array<Omit<SurveyOutcomeCount, 'sent' | 'answered'> & { sent: number; answered: number }>;
    return rows.map((row) => ({ ...row, sent: Boolean(row.sent), answered: Boolean(row.answered) }));
  } finally {
    check.close();
  }
}

const sorted = (counts: SurveyOutcomeCount[]) =>
  [...counts].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('migration survey_outcome_counts (SQLite)', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('counts the surveys stored before it, and keeps counting as surveys are added, moved and deleted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'effortless-migration-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'effortless.db');
    const sqlite = new Database(file);
    migrate(drizzle(sqlite), { migrationsFolder: migrationsBefore('migrations', dir, '_survey_outcome_counts') });
    writeBefore(sqlite);
    sqlite.close();

    const store = await openStore(`file:${file}`, { migrate: true });
    cleanups.push(() => store.close());
    const before = await store.surveys.countOutcomes();
    expect(before).toHaveLength(3);
    expect(before).toContainEqual(expect.objectContaining({ channel: 'sms', status: 'answered', count: 2 }));
    expect(sorted(before)).toEqual(sorted(groupedCounts(file)));

    // A new survey, then moves: scheduled -> sent -> answered, and a survey's first bucket emptied.
    const fifth = await store.surveys.upsertForTicket(newSurvey(5, { journeyRule: 1 }), at(1));
    expect(sorted(await store.surveys.countOutcomes())).toEqual(sorted(groupedCounts(file)));
    await store.surveys.update(fifth.id, { status: 'sent', sentAt: at(2) }, at(2));
    await store.surveys.update(fifth.id, { status: 'answered', score: 6, answeredAt: at(3) }, at(3));
    const third = await store.surveys.getByTicket(3);
    await store.surveys.update(third?.id ?? -1, { status: 'answered', score: 2, answeredAt: at(4) }, at(4));
    const after = await store.surveys.countOutcomes();
    expect(after.find((row) => row.channel === 'slack')).toMatchObject({ status: 'answered', count: 1 });
    expect(after.filter((row) => row.status === 'sent')).toEqual([]); // an emptied bucket is not reported
    expect(sorted(after)).toEqual(sorted(groupedCounts(file)));

    // A change that keeps the bucket (a delivery receipt) counts nothing twice.
    await store.surveys.update(fifth.id, { deliveryStatus: 'delivered' }, at(5));
    expect(sorted(await store.surveys.countOutcomes())).toEqual(sorted(groupedCounts(file)));

    // Deleting a ticket deletes its survey by cascade, and the count follows.
    const raw = new Database(file);
    raw.pragma('foreign_keys = ON');
    raw.prepare('DELETE FROM tickets WHERE id = 1').run();
    raw.close();
    const afterDelete = await store.surveys.countOutcomes();
    expect(afterDelete.find((row) => row.channel === 'sms' && row.journeyRule === null)).toMatchObject({ count: 1 });
    expect(sorted(afterDelete)).toEqual(sorted(groupedCounts(file)));
  });
});
