import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteConnection } from '../../db/connection.js';
import { applyMigrations } from '../../db/migrate.js';
import { createOutbox } from '../../db/sqlite/outbox.js';
import { processNextOutboxMessage } from '../../src/app/process-outbox.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { ChannelSendError, RetryLater, ZendeskApiError } from '../../src/ports/errors.js';
import { SURVEY_SEND, type Outbox, type OutboxMessage, type OutboxSender } from '../../src/ports/outbox.js';

let connection: SqliteConnection;
let outbox: Outbox;
let now: Date;
const clock = { now: () => now };
const logger = createLogger({ level: 'silent' });
const policy = { baseMs: 1000, capMs: 10_000, horizonMs: 20_000 };

beforeEach(() => {
  connection = openSqlite(':memory:');
  applyMigrations(connection, ':memory:');
  outbox = createOutbox(connection.db);
  now = new Date('2026-03-02T10:00:00Z');
});
afterEach(() => connection.sqlite.close());

function worker(sender: OutboxSender<typeof SURVEY_SEND>) {
  const metrics = createMetrics({ collectDefaults: false });
  const dead: Array<[OutboxMessage<typeof SURVEY_SEND>, string]> = [];
  const onDead = {
    [SURVEY_SEND]: async (message: OutboxMessage<typeof SURVEY_SEND>, error: string) =>
      void dead.push([message, error]),
  };
  const run = () =>
    processNextOutboxMessage({
      outbox,
      senders: { [SURVEY_SEND]: sender },
      clock,
      logger,
      metrics,
      retry: policy,
      onDead,
    });
  const outcomes = async () => (await metrics.sends.get()).values.map((v) => `${v.labels.kind}:${v.labels.outcome}`);
  return { run, dead, outcomes };
}

const row = (id: number) =>
  connection.sqlite
    .prepare('select status, last_error as lastError, next_attempt_at as nextAttemptAt from outbox where id = ?')
    .get(id) as { status: string; lastError: string | null; nextAttemptAt: number };
const enqueueSurvey = () =>
  outbox.enqueue(
    { kind: SURVEY_SEND, dedupeKey: 'survey.send:12', ticketId: 501, payload: { surveyId: 12 }, notBefore: now },
    now,
  );

describe('outbox worker: a stored message it cannot read', () => {
  it('is a dead letter at once, with the reason, and never reaches a sender or the dead-letter hook', async () => {
    connection.sqlite
      .prepare(
        'insert into outbox (kind, dedupe_key, ticket_id, payload, next_attempt_at, created_at, updated_at) values (?, ?, null, ?, 0, 0, 0)',
      )
      .run(SURVEY_SEND, 'survey.send:old', '{"survey":12}');
    const sent: number[] = [];
    const w = worker(async (message) => {
      sent.push(message.payload.surveyId);
      return { providerId: 'SM1' };
    });
    expect(await w.run()).toBe(true);
    expect(row(1)).toMatchObject({
      status: 'dead',
      lastError: expect.stringMatching(
        /^unreadable survey\.send message: payload does not fit survey\.send \(surveyId: /,
      ),
    });
    expect(sent).toEqual([]);
    expect(w.dead).toEqual([]);
    expect(await w.outcomes()).toEqual(['survey.send:dead']);
  });
});

describe('outbox worker: the error code decides', () => {
  it('a rejection (Zendesk 422) is a dead letter at once, and the hook hears why', async () => {
    const { id } = await enqueueSurvey();
    const w = worker(async () => {
      throw new ZendeskApiError('updateTicket: Zendesk answered 422: ticket closed', 422, false);
    });
    await w.run();
    expect(row(id)).toMatchObject({ status: 'dead', lastError: 'updateTicket: Zendesk answered 422: ticket closed' });
    expect(w.dead.map(([message, error]) => [message.payload, error])).toEqual([
      [{ surveyId: 12 }, 'updateTicket: Zendesk answered 422: ticket closed'],
    ]);
  });

  it.each([
    [
      'RetryLater (quiet hours)',
      new RetryLater('inside quiet hours; sending in 480 min', 8 * 3_600_000),
      8 * 3_600_000,
    ],
    [
      'a Zendesk 429 with Retry-After',
      new ZendeskApiError('Zendesk answered 429 5 times; giving up', 429, true, 45_000),
      45_000,
    ],
    [
      'a channel 429 with Retry-After',
      new ChannelSendError('slack rate limited', { permanent: false, retryAfterMs: 7_000 }),
      7_000,
    ],
  ])('%s waits exactly as long as it asks', async (_case, error, waitMs) => {
    const { id } = await enqueueSurvey();
    await worker(async () => {
      throw error;
    }).run();
    expect(row(id)).toMatchObject({ status: 'pending', nextAttemptAt: now.getTime() + waitMs });
  });

  it('a retryable failure without a wait (5xx) goes back to our own backoff', async () => {
    const { id } = await enqueueSurvey();
    await worker(async () => {
      throw new ChannelSendError('Twilio answered 503', { permanent: false, code: 503 });
    }).run();
    const { status, nextAttemptAt } = row(id);
    expect(status).toBe('pending');
    expect(nextAttemptAt - now.getTime()).toBeLessThan(policy.baseMs);
  });
});
