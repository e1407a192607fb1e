import { afterEach, describe, expect, it } from 'vitest';
import { createTwilioSmsSender } from '../../integrations/twilio/client.js';
import type { StandIns } from '../../demo/stand-ins/start-stand-ins.js';
import type { StandInSms } from '../../demo/stand-ins/twilio.js';
import { countSegments } from '../../demo/stand-ins/sms-segments.js';
import { ChannelSendError } from '../../src/ports/errors.js';
import { captureLogs } from '../support/capture-logs.js';
// Error bodies are checked against the spec's one error schema (CreateMessage documents only
// its 201); test/integrations/twilio/support.ts explains that exception.
import { specProblems } from '../integrations/twilio/support.js';
import { fetchJson, start, TWILIO } from './stand-ins-support.js';

const FROM = '+15017122661';
const SERVICE = 'MGcccccccccccccccccccccccccccccccc';
const CUSTOMER = '+15558675310';
const CALLBACK = 'https://effortless.example.com/webhooks/twilio/status';
const MESSAGES = `/2010-04-01/Accounts/${TWILIO.accountSid}/Messages.json`;

let running: StandIns | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

async function setup(options: { from?: string; authToken?: string } = {}) {
  running = await start();
  const { url, state } = running.twilio;
  const logs = captureLogs();
  const sms = createTwilioSmsSender({
    accountSid: TWILIO.accountSid,
    authToken: options.authToken ?? TWILIO.authToken,
    from: options.from ?? FROM,
    apiUrl: url,
    logger: logs.logger,
  });
  const post = (form: Record<string, string>, auth = `${TWILIO.accountSid}:${TWILIO.authToken}`, path = MESSAGES) =>
    fetchJson(`${url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(auth).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(form).toString(),
    });
  return { state, sms, post, logs };
}

async function failure(promise: Promise<unknown>): Promise<ChannelSendError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelSendError);
  return error as ChannelSendError;
}

describe('Twilio stand-in through createTwilioSmsSender', () => {
  it('accepts a survey SMS: 201 Message, a deterministic SID, the message kept for the simulator', async () => {
    const { sms, state } = await setup();
    const heard: StandInSms[] = [];
    state.onMessage((message) => heard.push(message));

    const first = await sms.send({ to: CUSTOMER, body: 'How easy was it? Reply 1-7.', statusCallbackUrl: CALLBACK });
    const second = await sms.send({ to: '+15558675311', body: 'Hoe makkelijk was het?', statusCallbackUrl: null });
    expect(first).toEqual({ providerId: `SM${'0'.repeat(31)}1` });
    expect(second).toEqual({ providerId: `SM${'0'.repeat(31)}2` });

    expect(state.messages).toEqual([
      expect.objectContaining({
        sid: first.providerId,
        to: CUSTOMER,
        from: FROM,
        messagingServiceSid: null,
        body: 'How easy was it? Reply 1-7.',
        statusCallback: CALLBACK,
        status: 'queued',
        numSegments: 1,
      }),
      expect.objectContaining({ sid: second.providerId, to: '+15558675311', statusCallback: null }),
    ]);
    expect(heard.map((message) => message.sid)).toEqual([first.providerId, second.providerId]);
    expect(state.messagesTo(CUSTOMER)).toHaveLength(1);
    expect(state.calls[0]).toMatchObject({
      method: 'POST',
      path: MESSAGES,
      status: 201,
      body: { To: CUSTOMER, From: FROM, Body: 'How easy was it? Reply 1-7.', StatusCallback: CALLBACK },
    });
  });

  it('with a Messaging Service the message starts as accepted, without a from number', async () => {
    const { sms, state } = await setup({ from: SERVICE });
    await sms.send({ to: CUSTOMER, body: 'Hi', statusCallbackUrl: null });
    expect(state.messages[0]).toMatchObject({ from: null, messagingServiceSid: SERVICE, status: 'accepted' });
  });

  it('a number in optedOut answers 400 / 21610, which the sender reports as opted out', async () => {
    const { sms, state } = await setup();
    state.optedOut.add(CUSTOMER);
    const error = await failure(sms.send({ to: CUSTOMER, body: 'Hi', statusCallbackUrl: null }));
    expect(error.details).toMatchObject({ permanent: true, optedOut: true, code: 21610 });
    expect(state.messages).toEqual([]);
  });

  it('wrong credentials answer 401 / 20003: permanent, and no secret in the logs', async () => {
    const { sms, logs } = await setup({ authToken: 'wrong-token-wrong-token-wrong-tok' });
    const error = await failure(sms.send({ to: CUSTOMER, body: 'Hi', statusCallbackUrl: null }));
    expect(error.details).toMatchObject({ permanent: true, code: 20003 });
    expect(logs.text()).not.toContain(TWILIO.authToken);
  });
});

describe('Twilio stand-in answers match twilio_api_v2010.json', () => {
  it('201 Message resource, from a number and through a Messaging Service', async () => {
    const { post } = await setup();
    const created = await post({ To: CUSTOMER, From: FROM, Body: 'How easy was it?', StatusCallback: CALLBACK });
    expect(created.status).toBe(201);
    expect(specProblems(201, created.body)).toEqual([]);
    expect(created.body).toMatchObject({
      account_sid: TWILIO.accountSid,
      api_version: '2010-04-01',
      status: 'queued',
      num_segments: '1',
      price: null,
      uri: `/2010-04-01/Accounts/${TWILIO.accountSid}/Messages/${String(created.body.sid)}.json`,
      date_created: expect.stringMatching(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/),
    });

    const viaService = await post({ To: CUSTOMER, MessagingServiceSid: SERVICE, Body: 'Hi' });
    expect(specProblems(201, viaService.body)).toEqual([]);
    expect(viaService.body).toMatchObject({
      from: null,
      messaging_service_sid: SERVICE,
      status: 'accepted',
      num_segments: '0',
    });
  });

  const REFUSALS: Array<{ name: string; form: Record<string, string>; status: number; code: number }> = [
    { name: 'opted out', form: { To: CUSTOMER, From: FROM, Body: 'Hi' }, status: 400, code: 21610 },
    { name: 'no To', form: { From: FROM, Body: 'Hi' }, status: 400, code: 21604 },
    { name: 'To not a number', form: { To: '5551234567x', From: FROM, Body: 'Hi' }, status: 400, code: 21211 },
    { name: 'no From', form: { To: CUSTOMER, Body: 'Hi' }, status: 400, code: 21603 },
    { name: 'no Body', form: { To: CUSTOMER, From: FROM }, status: 400, code: 21602 },
  ];
  it.each(REFUSALS)("$name: $status / $code in Twilio's error shape", async ({ form, status, code }) => {
    const { post, state } = await setup();
    state.optedOut.add(CUSTOMER);
    const answer = await post(form);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ code, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
    expect(specProblems(status, answer.body)).toEqual([]);
  });

  it('401 for wrong credentials, 404 for another account or path', async () => {
    const { post } = await setup();
    const denied = await post({ To: CUSTOMER, From: FROM, Body: 'Hi' }, `${TWILIO.accountSid}:nope`);
    expect(denied.body).toMatchObject({ code: 20003, status: 401 });
    expect(specProblems(401, denied.body)).toEqual([]);
    const other = await post(
      { To: CUSTOMER, From: FROM, Body: 'Hi' },
      `${TWILIO.accountSid}:${TWILIO.authToken}`,
      `/2010-04-01/Accounts/AC${'b'.repeat(32)}/Messages.json`,
    );
    expect(other.body).toMatchObject({ code: 20404, status: 404 });
    expect(specProblems(404, other.body)).toEqual([]);
  });
});

describe('countSegments', () => {
  it.each([
    ['', 1],
    ['a'.repeat(160), 1],
    ['a'.repeat(161), 2],
    ['€'.repeat(80), 1],
    ['€'.repeat(81), 2],
    ['é'.repeat(160), 1],
    ['ł'.repeat(70), 1],
    ['ł'.repeat(71), 2],
    ['👍', 1],
  ])('%j → %i', (body, segments) => {
    expect(countSegments(body)).toBe(segments);
  });
});
