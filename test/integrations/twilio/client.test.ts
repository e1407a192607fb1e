import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';
import { createRateLimitGate } from '../../../compose/integrations.js';
import { createTwilioSmsSender, type TwilioSmsSenderOptions } from '../../../integrations/twilio/client.js';
import { ChannelSendError, OutcomeUnknownError, RetryLater } from '../../../src/ports/errors.js';
import { captureLogs } from '../../support/capture-logs.js';
import { ACCOUNT_SID, AUTH_TOKEN, CUSTOMER, loadFixture, MESSAGES_PATH, specProblems } from './support.js';

const FROM = '+15017122661';
const SERVICE = 'MGcccccccccccccccccccccccccccccccc';
const CALLBACK = 'https://effortless.example.com/webhooks/twilio/status';
const SURVEY = { to: CUSTOMER, body: 'How easy was it? Reply 1-7.', statusCallbackUrl: CALLBACK };
const NOW = Date.parse('2026-03-02T10:00:00Z');

interface Seen {
  form?: URLSearchParams;
  headers?: Record<string, string | string[] | undefined>;
}

/** Mocks Create Message with a reply that must first conform to Twilio's spec. */
function mockCreate(
  base: string,
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
  path = MESSAGES_PATH,
): Seen {
  expect(specProblems(status, body)).toEqual([]);
  const seen: Seen = {};
  nock(base)
    .post(path)
    .reply(function (_uri, requestBody) {
      seen.form = new URLSearchParams(String(requestBody));
      seen.headers = this.req.headers;
      return [status, body, { 'Content-Type': 'application/json', ...headers }];
    });
  return seen;
}

function sender(
  overrides: Partial<Pick<TwilioSmsSenderOptions, 'from' | 'apiUrl' | 'timeoutMs' | 'gate' | 'now'>> = {},
) {
  const logs = captureLogs();
  const sms = createTwilioSmsSender({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    from: FROM,
    logger: logs.logger,
    now: () => NOW,
    ...overrides,
  });
  return { sms, logs };
}

async function failure(promise: Promise<unknown>): Promise<ChannelSendError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelSendError);
  return error as ChannelSendError;
}

async function failureOf<T extends Error>(promise: Promise<unknown>, kind: new (...args: never[]) => T): Promise<T> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(kind);
  return error as T;
}

function expectNoSecrets(text: string) {
  expect(text).not.toContain(CUSTOMER.slice(2));
  expect(text).not.toContain('5551234567');
  expect(text).not.toContain(AUTH_TOKEN);
  expect(text).not.toContain(Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64'));
}

describe('createTwilioSmsSender', () => {
  it('posts To, From, Body and StatusCallback with Basic auth to https://api.twilio.com by default', async () => {
    const seen = mockCreate('https://api.twilio.com', 201, loadFixture('rest/message-create.json'));
    const { sms, logs } = sender();
    await expect(sms.send(SURVEY)).resolves.toEqual({ providerId: 'SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' });
    expect(Object.fromEntries(seen.form ?? [])).toEqual({
      To: CUSTOMER,
      From: FROM,
      Body: SURVEY.body,
      StatusCallback: CALLBACK,
    });
    expect(seen.headers?.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`);
    expect(seen.headers?.['content-type']).toBe('application/x-www-form-urlencoded');
    // Not twilio's own Connection header: under nock 14 a request that asks for `keep-alive`
    // itself never resolves (nock issue #3001); the transport's agent keeps connections alive.
    expect(seen.headers?.connection).not.toBe('keep-alive');
    expect(logs.text()).toContain('***310');
    expectNoSecrets(logs.text());
  });

  it('sends a Messaging Service SID as MessagingServiceSid, and no StatusCallback when there is none', async () => {
    const seen = mockCreate('https://api.twilio.com', 201, loadFixture('rest/message-create-messaging-service.json'));
    await sender({ from: SERVICE }).sms.send({ ...SURVEY, statusCallbackUrl: null });
    expect(Object.fromEntries(seen.form ?? [])).toEqual({
      To: CUSTOMER,
      MessagingServiceSid: SERVICE,
      Body: SURVEY.body,
    });
  });

  it('sends a WhatsApp Content template by ContentSid and ContentVariables instead of a body', async () => {
    const seen = mockCreate('https://api.twilio.com', 201, loadFixture('rest/message-create.json'));
    const template = { contentSid: `HX${'b'.repeat(32)}`, contentVariables: { '1': 'Acme Support' } };
    const whatsapp = sender({ from: 'whatsapp:+15017122661' }).sms;
    await whatsapp.send({ ...SURVEY, to: `whatsapp:${CUSTOMER}`, template });
    expect(Object.fromEntries(seen.form ?? [])).toEqual({
      To: `whatsapp:${CUSTOMER}`,
      From: 'whatsapp:+15017122661',
      ContentSid: template.contentSid,
      ContentVariables: '{"1":"Acme Support"}',
      StatusCallback: CALLBACK,
    });
  });

  it.each(['http://twilio.test', 'http://twilio.test/'])('sends every request to TWILIO_API_URL %s', async (apiUrl) => {
    const seen = mockCreate('http://twilio.test', 201, loadFixture('rest/message-create.json'));
    await expect(sender({ apiUrl }).sms.send(SURVEY)).resolves.toEqual({ providerId: expect.stringMatching(/^SM/) });
    expect(seen.form?.get('To')).toBe(CUSTOMER);
  });

  it("sends through our keep-alive client alone: twilio's own RequestClient, and its axios instance, are never built", async () => {
    // The axios module twilio's CommonJS code requires (not the ESM build this file would import).
    const require = createRequire(import.meta.url);
    const twilioAxios = createRequire(require.resolve('twilio'))('axios') as { create: () => unknown };
    const create = vi.spyOn(twilioAxios, 'create');
    try {
      const seen = mockCreate('https://api.twilio.com', 201, loadFixture('rest/message-create.json'));
      await sender().sms.send(SURVEY);
      expect(seen.form?.get('To')).toBe(CUSTOMER);
      expect(create).not.toHaveBeenCalled();
    } finally {
      create.mockRestore();
    }
  });

  it('keeps a path prefix of TWILIO_API_URL (a proxy mounted under /twilio)', async () => {
    mockCreate('http://proxy.test', 201, loadFixture('rest/message-create.json'), {}, `/twilio${MESSAGES_PATH}`);
    await expect(sender({ apiUrl: 'http://proxy.test/twilio' }).sms.send(SURVEY)).resolves.toBeTruthy();
  });

  it('reaches a real loopback test double through TWILIO_API_URL, keeping one connection for many sends', async () => {
    const requests: string[] = [];
    let connections = 0;
    const server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      req
        .resume()
        .on('end', () =>
          res
            .writeHead(201, { 'Content-Type': 'application/json' })
            .end(JSON.stringify(loadFixture('rest/message-create.json'))),
        );
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // nock's interceptor closes every connection it passes through: off for this real socket test.
    nock.restore();
    try {
      const { port } = server.address() as AddressInfo;
      const { sms } = sender({ apiUrl: `http://127.0.0.1:${port}` });
      for (let i = 0; i < 5; i++) await expect(sms.send(SURVEY)).resolves.toBeTruthy();
      expect(requests).toEqual(Array(5).fill(`POST ${MESSAGES_PATH}`));
      // No new TCP (and, against Twilio, TLS) handshake per SMS: one kept connection for all
      // five sends, one after another (one connection per send with twilio's own client).
      expect(connections).toBe(1);
    } finally {
      nock.activate();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('21610 (replied STOP) is permanent and marks the number opted out', async () => {
    mockCreate('https://api.twilio.com', 400, loadFixture('rest/error-21610.json'));
    const error = await failure(sender().sms.send(SURVEY));
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ permanent: true, optedOut: true, code: 21610 });
  });

  it('another 400 (21211 invalid number) is permanent, and the number Twilio quotes is masked', async () => {
    mockCreate('https://api.twilio.com', 400, loadFixture('rest/error-21211.json'));
    const { sms, logs } = sender();
    const error = await failure(sms.send(SURVEY));
    expect(error.details).toEqual({ permanent: true, code: 21211 });
    expect(error.message).toContain('***567');
    expectNoSecrets(error.message + logs.text());
  });

  // A 429 that says how long is "not yet" rather than a failure: RetryLater, which the outbox
  // waits out without using up the message's tries (it was a retryable ChannelSendError).
  it.each([
    ['delay-seconds', '7', 7000],
    ['an HTTP-date', new Date(NOW + 30_000).toUTCString(), 30_000],
  ])('429 with Retry-After as %s is RetryLater for that long', async (_form, retryAfter, expected) => {
    mockCreate('https://api.twilio.com', 429, loadFixture('rest/error-20429.json'), { 'Retry-After': retryAfter });
    const error = await failureOf(sender().sms.send(SURVEY), RetryLater);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(expected);
    expect(error.message).toContain('error 20429');
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('429 without Retry-After is retryable with no delay hint, and twilio does not retry it itself', async () => {
    mockCreate('https://api.twilio.com', 429, loadFixture('rest/error-20429.json'));
    const error = await failure(sender().sms.send(SURVEY));
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBeUndefined();
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('503 is retryable', async () => {
    mockCreate('https://api.twilio.com', 503, loadFixture('rest/error-20503.json'));
    const error = await failure(sender().sms.send(SURVEY));
    expect(error.details).toMatchObject({ permanent: false, code: 20503 });
  });

  it('a refused connection is retryable and carries nothing of the request', async () => {
    // A real socket error: a loopback port that was just freed. (nock 14's replyWithError with
    // an error object leaves axios waiting for its timeout instead of failing.)
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const { sms, logs } = sender({ apiUrl: `http://127.0.0.1:${port}` });
    const error = await failure(sms.send(SURVEY));
    expect(error.details).toEqual({ permanent: false, code: 'ECONNREFUSED' });
    expect(error.cause).toBeUndefined();
    expectNoSecrets(JSON.stringify(error) + error.message + logs.text());
  });

  // A reset may come after Twilio took the message (this was a retryable ChannelSendError):
  // the outbox must ask Twilio before sending again, or the customer gets the survey twice.
  it('a connection lost after the request went out is OutcomeUnknownError: the SMS may have been sent', async () => {
    nock('https://api.twilio.com').post(MESSAGES_PATH).replyWithError('socket hang up');
    const error = await failureOf(sender().sms.send(SURVEY), OutcomeUnknownError);
    expect(error).toMatchObject({ code: 'outcome_unknown', retryable: true });
  });

  it('503 passes its Retry-After on', async () => {
    mockCreate('https://api.twilio.com', 503, loadFixture('rest/error-20503.json'), { 'Retry-After': '12' });
    const error = await failure(sender().sms.send(SURVEY));
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 12_000 });
  });
});

describe('createTwilioSmsSender: timeouts', () => {
  it.each([
    ['answer', (scope: nock.Interceptor) => scope.delayConnection(5_000)],
    ['body', (scope: nock.Interceptor) => scope.delayBody(5_000)],
  ])('a send whose %s never comes times out within timeoutMs as OutcomeUnknownError', async (_what, hang) => {
    hang(nock('https://api.twilio.com').post(MESSAGES_PATH)).reply(201, loadFixture('rest/message-create.json'));
    const { sms, logs } = sender({ timeoutMs: 100 });
    const started = Date.now();
    const error = await failureOf(sms.send(SURVEY), OutcomeUnknownError);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.message).toBe('no answer from Twilio within 100 ms; the SMS may have been sent');
    expect(error.cause).toBeUndefined();
    expectNoSecrets(JSON.stringify(error) + error.message + logs.text());
  });

  it('a hung loopback server times out too (a real socket, not nock)', async () => {
    const server = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const started = Date.now();
      await failureOf(
        sender({ apiUrl: `http://127.0.0.1:${port}`, timeoutMs: 100 }).sms.send(SURVEY),
        OutcomeUnknownError,
      );
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('createTwilioSmsSender: the rate-limit gate', () => {
  it('after a 429 with Retry-After, sends fail fast with RetryLater for the time left, then go out', async () => {
    let now = NOW;
    const gate = createRateLimitGate(() => now);
    const { sms } = sender({ gate, now: () => now });
    let requests = 0;
    nock('https://api.twilio.com')
      .post(MESSAGES_PATH)
      .reply(() => {
        requests += 1;
        return [429, loadFixture('rest/error-20429.json'), { 'Retry-After': '60' }];
      });
    expect(await failureOf(sms.send(SURVEY), RetryLater)).toMatchObject({ retryAfterMs: 60_000 });

    now += 45_000;
    // No interceptor: had the sender called Twilio, nock would have refused the connection.
    expect(await failureOf(sms.send(SURVEY), RetryLater)).toMatchObject({ retryAfterMs: 15_000 });
    expect(requests).toBe(1);

    now += 15_000;
    mockCreate('https://api.twilio.com', 201, loadFixture('rest/message-create.json'));
    await expect(sms.send(SURVEY)).resolves.toEqual({ providerId: expect.stringMatching(/^SM/) });
  });
});
