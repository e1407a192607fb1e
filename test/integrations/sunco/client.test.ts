import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createRateLimitGate } from '../../../compose/integrations.js';
import { createSuncoMessagingSender } from '../../../integrations/sunco/client.js';
import { chatSurveyMessage } from '../../../src/domain/survey/chat-message.js';
import { resolveSurveyTexts } from '../../../src/domain/survey/texts.js';
import { ChannelSendError, OutcomeUnknownError, RetryLater } from '../../../src/ports/errors.js';
import { captureLogs } from '../../support/capture-logs.js';
import {
  answerErrors,
  APP_ID,
  CONVERSATION,
  KEY_ID,
  KEY_SECRET,
  loadSuncoFixture,
  MESSAGES_PATH,
  messagePostErrors,
  SUNCO_API,
} from './support.js';

const TAG = { outboxId: 2, dedupeKey: 'survey.send:1:1741078800000' };
const NOW = Date.parse('2025-03-04T09:05:00Z');
const QUESTION = chatSurveyMessage(1, 'CES', resolveSurveyTexts('nl'));

function sender(
  overrides: { apiUrl?: string; timeoutMs?: number; gate?: ReturnType<typeof createRateLimitGate> } = {},
) {
  const logs = captureLogs();
  const messaging = createSuncoMessagingSender({
    apiUrl: SUNCO_API,
    appId: APP_ID,
    keyId: KEY_ID,
    keySecret: KEY_SECRET,
    timeoutMs: 2000,
    gate: createRateLimitGate(() => NOW),
    logger: logs.logger,
    now: () => NOW,
    ...overrides,
  });
  return { messaging, logs };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}

describe('Sunshine Conversations sender', () => {
  it('posts the question as the business with reply buttons and the outbox tag, Basic auth with the API key', async () => {
    const created = loadSuncoFixture('rest/message-post-created.json');
    expect(answerErrors('POST', 201, created)).toEqual([]);
    let body: unknown;
    let auth: string | undefined;
    nock(SUNCO_API)
      .post(MESSAGES_PATH)
      .reply(function (_uri, requestBody) {
        body = requestBody;
        auth = this.req.headers.authorization as string;
        return [201, created];
      });
    const { messaging, logs } = sender();
    expect(await messaging.postSurvey(CONVERSATION, QUESTION, TAG)).toEqual({ messageId: '5f748c1a2b5315fc007e7977' });
    expect(messagePostErrors(body)).toEqual([]);
    expect(body).toMatchObject({
      author: { type: 'business' },
      content: { type: 'text', text: 'Hoe makkelijk was het om je vraag afgehandeld te krijgen?' },
      metadata: { effortless_outbox_id: '2', effortless_outbox_key: TAG.dedupeKey },
    });
    const actions = (body as { content: { actions: Array<Record<string, string>> } }).content.actions;
    expect(actions).toHaveLength(7);
    expect(actions[0]).toEqual({ type: 'reply', text: '1 - Heel moeilijk', payload: 'effortless:1:1' });
    expect(actions[6]).toEqual({ type: 'reply', text: '7 - Heel makkelijk', payload: 'effortless:1:7' });
    expect(auth).toBe(`Basic ${Buffer.from(`${KEY_ID}:${KEY_SECRET}`).toString('base64')}`);
    expect(logs.text()).not.toContain(KEY_SECRET);
  });

  it('posts a plain text reply', async () => {
    let body: unknown;
    nock(SUNCO_API)
      .post(MESSAGES_PATH, (b) => (body = b) !== undefined)
      .reply(201, loadSuncoFixture('rest/message-post-created.json'));
    await sender().messaging.postText(CONVERSATION, 'Bedankt voor je antwoord!', TAG);
    expect(messagePostErrors(body)).toEqual([]);
    expect(body).toMatchObject({ content: { type: 'text', text: 'Bedankt voor je antwoord!' } });
  });

  it('waits out a 429 with Retry-After, and holds every later call in the process', async () => {
    const gate = createRateLimitGate(() => NOW);
    nock(SUNCO_API)
      .post(MESSAGES_PATH)
      .reply(429, { errors: [{ code: 'too_many_requests', title: 'Slow down' }] }, { 'Retry-After': '30' });
    const { messaging } = sender({ gate });
    const error = await failure(messaging.postText(CONVERSATION, 'x', TAG));
    expect(error).toBeInstanceOf(RetryLater);
    expect((error as RetryLater).retryAfterMs).toBe(30_000);
    // No request is mocked: a call now must not reach Conversations at all.
    expect(await failure(messaging.postText(CONVERSATION, 'x', TAG))).toBeInstanceOf(RetryLater);
  });

  it.each([
    { status: 500, retryable: true },
    { status: 503, retryable: true },
    { status: 401, retryable: false },
    { status: 404, retryable: false },
  ])('HTTP $status is retryable: $retryable, and names the error code only', async ({ status, retryable }) => {
    nock(SUNCO_API)
      .post(MESSAGES_PATH)
      .reply(status, { errors: [{ code: 'some_code', title: 'Conversation with +31612345678 not found' }] });
    const error = await failure(sender().messaging.postText(CONVERSATION, 'x', TAG));
    expect(error).toBeInstanceOf(ChannelSendError);
    expect((error as ChannelSendError).retryable).toBe(retryable);
    expect((error as Error).message).toBe(`Sunshine Conversations post message: HTTP ${status} some_code`);
  });

  it('a post with no answer in time may have gone out: OutcomeUnknownError; a refused connection sent nothing', async () => {
    const server = createServer(() => undefined); // takes the request, never answers
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const slow = sender({ apiUrl: `http://127.0.0.1:${port}`, timeoutMs: 200 }).messaging;
      expect(await failure(slow.postText(CONVERSATION, 'x', TAG))).toBeInstanceOf(OutcomeUnknownError);
      // A read that timed out changed nothing: retryable, not unknown.
      const read = await failure(slow.findPosted(CONVERSATION, TAG, new Date(NOW)));
      expect(read).toBeInstanceOf(ChannelSendError);
      expect((read as ChannelSendError).retryable).toBe(true);
    } finally {
      server.closeAllConnections();
      server.close();
    }
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const refused = await failure(
      sender({ apiUrl: `http://127.0.0.1:${closedPort}` }).messaging.postText(CONVERSATION, 'x', TAG),
    );
    expect(refused).toBeInstanceOf(ChannelSendError);
    expect((refused as ChannelSendError).retryable).toBe(true);
  });

  it('finds the post an earlier try made by its metadata, on later pages too', async () => {
    const list = loadSuncoFixture<{ messages: Array<Record<string, unknown>>; meta: Record<string, unknown> }>(
      'rest/list-messages.json',
    );
    expect(answerErrors('GET', 200, list)).toEqual([]);
    const [older, ours, newer] = list.messages;
    const newest = { messages: [newer], meta: { hasMore: true } };
    const previous = { messages: [older, ours], meta: { hasMore: false } };
    expect(answerErrors('GET', 200, newest)).toEqual([]);
    nock(SUNCO_API).get(MESSAGES_PATH).reply(200, newest);
    nock(SUNCO_API)
      .get(MESSAGES_PATH)
      .query({ 'page[before]': String(newer!.id) })
      .reply(200, previous);
    const found = await sender().messaging.findPosted(CONVERSATION, TAG, new Date('2025-03-04T09:00:00Z'));
    expect(found).toEqual({ messageId: '67a10c0bf0305f4a391e9e52', postedAt: new Date('2025-03-04T09:00:01.000Z') });
  });

  it('another outbox message, or the same id from another installation, is not ours', async () => {
    nock(SUNCO_API).get(MESSAGES_PATH).times(2).reply(200, loadSuncoFixture('rest/list-messages.json'));
    const { messaging } = sender();
    const since = new Date('2025-03-04T09:00:00Z');
    expect(await messaging.findPosted(CONVERSATION, { ...TAG, outboxId: 3 }, since)).toBeNull();
    expect(await messaging.findPosted(CONVERSATION, { ...TAG, dedupeKey: 'survey.send:1:0' }, since)).toBeNull();
  });
});
