import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteConnection } from '../../db/connection.js';
import { applyMigrations } from '../../db/migrate.js';
import { decodeOutboxRow, type StoredOutboxRow } from '../../db/outbox-payloads.js';
import { createOutbox } from '../../db/sqlite/outbox.js';
import {
  SLACK_ALERT,
  SLACK_REPORT,
  SURVEY_SEND,
  ZENDESK_TICKET_UPDATE,
  type SlackAlertPayload,
} from '../../src/ports/outbox.js';

const row = (kind: string, payload: unknown): StoredOutboxRow => ({
  id: 7,
  kind,
  dedupeKey: 'k',
  ticketId: 501,
  attempts: 1,
  failures: 0,
  retryFrom: new Date(0),
  previousOutcomeUnknown: false,
  payloadJson: typeof payload === 'string' ? payload : JSON.stringify(payload),
});

const thread: SlackAlertPayload = {
  op: 'thread',
  alertId: 3,
  view: {
    alertId: 3,
    kind: 'worse',
    segmentLabel: 'Shipping',
    windowText: 'last 24 h vs the 28 days before',
    changes: [
      {
        metric: 'effort_index',
        label: 'Effort index',
        recent: '61',
        baseline: '48',
        recentN: 40,
        baselineN: 300,
        pValue: 0.01,
      },
    ],
  },
};
const update = {
  customFields: [{ id: 360001, value: 78 }],
  addTags: ['effort_high'],
  removeTags: [],
  internalNote: 'Effort 78/100',
};

describe('decodeOutboxRow', () => {
  it.each([
    [ZENDESK_TICKET_UPDATE, { ticketId: 501, update }],
    [SURVEY_SEND, { surveyId: 12 }],
    [SLACK_ALERT, thread],
    [SLACK_REPORT, { since: '2026-11-23T00:00:00.000Z', until: '2026-11-30T00:00:00.000Z' }],
  ])('reads a %s payload into its type', (kind, payload) => {
    expect(decodeOutboxRow(row(kind, payload))).toEqual({
      id: 7,
      kind,
      dedupeKey: 'k',
      ticketId: 501,
      attempts: 1,
      failures: 0,
      retryFrom: new Date(0),
      previousOutcomeUnknown: false,
      payload,
    });
  });

  it.each([
    [
      'a survey.send without its survey id',
      row(SURVEY_SEND, { survey: 12 }),
      /payload does not fit survey\.send \(surveyId: /,
    ],
    [
      'a write-back whose tags are not a list',
      row(ZENDESK_TICKET_UPDATE, { ticketId: 501, update: { ...update, addTags: 'effort_high' } }),
      /does not fit zendesk\.ticket_update \(update\.addTags: /,
    ],
    ['a Slack message with an unknown op', row(SLACK_ALERT, { op: 'delete', alertId: 3 }), /does not fit slack\.alert/],
    [
      'a Slack thread update for a metric this build does not know',
      row(SLACK_ALERT, {
        ...thread,
        view: { ...thread.view, changes: [{ ...thread.view.changes[0], metric: 'mood' }] },
      }),
      /does not fit slack\.alert \(.*view\.changes\.0\.metric: /,
    ],
    [
      'a kind no sender knows',
      row('sms.legacy', { to: '+31612345678' }),
      /no such kind \(this build knows zendesk\.ticket_update, survey\.send, survey\.reminder, survey\.reply, slack\.alert, slack\.report\)/,
    ],
    [
      'a report period that is not a date',
      row(SLACK_REPORT, { since: 'last week', until: '2026-11-30T00:00:00.000Z' }),
      /since/,
    ],
    ['JSON that does not parse', row(SURVEY_SEND, '{"surveyId": 12'), /payload is not JSON/],
  ])('marks %s unreadable, with the reason', (_case, stored, problem) => {
    const decoded = decodeOutboxRow(stored);
    expect(decoded).toMatchObject({ id: 7, kind: stored.kind, problem: expect.stringMatching(problem) });
  });
});

describe('outbox store: stored rows it cannot read', () => {
  let connection: SqliteConnection;
  beforeEach(() => {
    connection = openSqlite(':memory:');
    applyMigrations(connection, ':memory:');
  });
  afterEach(() => connection.sqlite.close());

  const insert = (kind: string, payload: string) =>
    connection.sqlite
      .prepare(
        'insert into outbox (kind, dedupe_key, ticket_id, payload, next_attempt_at, created_at, updated_at) values (?, ?, null, ?, 0, 0, 0)',
      )
      .run(kind, `${kind}:${payload}`, payload);

  it('hands them out as unreadable instead of throwing, and the readable ones as usual', async () => {
    const outbox = createOutbox(connection.db);
    insert(SURVEY_SEND, 'not json at all');
    insert('sms.legacy', '{}');
    insert(SURVEY_SEND, '{"surveyId":12}');
    const now = new Date(1_000);
    expect(await outbox.claimNext(now, 60_000)).toMatchObject({
      kind: SURVEY_SEND,
      payload: 'not json at all',
      problem: expect.stringMatching(/not JSON/),
    });
    expect(await outbox.claimNext(now, 60_000)).toMatchObject({
      kind: 'sms.legacy',
      problem: expect.stringMatching(/no such kind/),
    });
    const readable = await outbox.claimNext(now, 60_000);
    expect(readable).toMatchObject({
      id: 3,
      kind: SURVEY_SEND,
      dedupeKey: `${SURVEY_SEND}:{"surveyId":12}`,
      ticketId: null,
      attempts: 1,
      failures: 0,
      previousOutcomeUnknown: false,
      payload: { surveyId: 12 },
    });
  });
});
