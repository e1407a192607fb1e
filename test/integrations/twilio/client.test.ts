import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createTwilioSmsSender } from '../../../integrations/twilio/client.js';
import { ChannelSendError } from '../../../src/ports/errors.js';
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
function mockCreate(base: string, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}, path = MESSAGES_PATH): Seen {
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

function sender(overrides: { from?: string; apiUrl?: string } = {}) {
  const logs = captureLogs();
  const sms = createTwilioSmsSender({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: FROM, logger: logs.logger, now: () => NOW, ...overrides });
  return { sms, logs };
}

async function failure(promise: Promise<unknown>): Promise<ChannelSendError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ChannelSendError);
  return error as ChannelSendError;
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
    expect(Object.fromEntries(seen.form ?? [])).toEqual({ To: CUSTOMER, From: FROM, Body: SURVEY.body, StatusCallback: CALLBACK });
    expect(seen.headers?.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`);
    expect(seen.headers?.['content-type']).toBe('application/x-www-form-urlencoded');
    // The nock 14 trap: a keep-alive request never resolves, so keep-alive is off by default.
    expect(seen.headers?.connection).toBe('close');
    expect(logs.text()).toContain('***310');
    expectNoSecrets(logs.text());
  });

  it('sends a Messaging Service SID as MessagingServiceSid, and no StatusCallback when there is none', async () => {
    const seen = mockCreate('https://api.twilio.com', 201, loadFixture('rest/message-create-messaging-service.json'));
    await sender({ from: SERVICE }).sms.send({ ...SURVEY, statusCallbackUrl: null });
    expect(Object.fromEntries(seen.form ?? [])).toEqual({ To: CUSTOMER, MessagingServiceSid: SERVICE, Body: SURVEY.body });
  });

  it.each(['http://twilio.test', 'http://twilio.test/'])('sends every request to TWILIO_API_URL %s', async (apiUrl) => {
    const seen = mockCreate('http://twilio.test', 201, loadFixture('rest/message-create.json'));
    await expect(sender({ apiUrl }).sms.send(SURVEY)).resolves.toEqual({ providerId: expect.stringMatching(/^SM/) });
    expect(seen.form?.get('To')).toBe(CUSTOMER);
  });

  it('keeps a path prefix of TWILIO_API_URL (a proxy mounted under /twilio)', async () => {
    mockCreate('http://proxy.test', 201, loadFixture('rest/message-create.json'), {}, `/twilio${MESSAGES_PATH}`);
    await expect(sender({ apiUrl: 'http://proxy.test/twilio' }).sms.send(SURVEY)).resolves.toBeTruthy();
  });

  it('reaches a real loopback test double through TWILIO_API_URL', async () => {
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      req.resume().on('end', () => res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify(loadFixture('rest/message-create.json'))));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await expect(sender({ apiUrl: `http://127.0.0.1:${port}` }).sms.send(SURVEY)).resolves.toBeTruthy();
      expect(requests).toEqual([`POST ${MESSAGES_PATH}`]);
    } finally {
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

  it.each([
    ['delay-seconds', '7', 7000],
    ['an HTTP-date', new Date(NOW + 30_000).toUTCString(), 30_000],
  ])('429 is retryable, with Retry-After as %s', async (_form, retryAfter, expected) => {
    mockCreate('https://api.twilio.com', 429, loadFixture('rest/error-20429.json'), { 'Retry-After': retryAfter });
    const error = await failure(sender().sms.send(SURVEY));
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(expected);
    expect(error.details.code).toBe(20429);
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

  it('any other transport failure is retryable too', async () => {
    nock('https://api.twilio.com').post(MESSAGES_PATH).replyWithError('socket hang up');
    const error = await failure(sender().sms.send(SURVEY));
    expect(error.details).toMatchObject({ permanent: false });
  });
});
