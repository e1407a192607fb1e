import { afterEach, describe, expect, it } from 'vitest';
import type { StandIns } from '../../demo/stand-ins/start-stand-ins.js';
import { createTwilioSmsSender } from '../../integrations/twilio/client.js';
import { ChannelSendError, OutcomeUnknownError, RetryLater } from '../../src/ports/errors.js';
import { captureLogs } from '../support/capture-logs.js';
import { fetchJson, SLACK, start, TWILIO, ZENDESK, zendeskAuth } from './stand-ins-support.js';

const CUSTOMER = '+15558675310';
const MESSAGES = `/2010-04-01/Accounts/${TWILIO.accountSid}/Messages.json`;

let running: StandIns | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

async function twilioSetup(delayMs = 0) {
  running = await start({ twilio: { ...TWILIO, delayMs } });
  const { url, state } = running.twilio;
  const sms = createTwilioSmsSender({
    accountSid: TWILIO.accountSid,
    authToken: TWILIO.authToken,
    from: '+15017122661',
    apiUrl: url,
    logger: captureLogs().logger,
    timeoutMs: 500,
  });
  const send = () => sms.send({ to: CUSTOMER, body: 'How easy was it?', statusCallbackUrl: null });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error,
    );
  return { state, send, failure };
}

describe('stand-in faults: what a test switches on and off while the service runs', () => {
  it('delayMs holds every answer that long', async () => {
    const { send, state } = await twilioSetup(150);
    const started = performance.now();
    await send();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    state.faults.delayMs = 0;
    const again = performance.now();
    await send();
    expect(performance.now() - again).toBeLessThan(140);
  });

  it('503 and 500 answer in Twilio’s error shape and are retried; 429 with Retry-After is a wait', async () => {
    const { send, failure, state } = await twilioSetup();
    const stop = state.faults.inject({ fault: { kind: 'status', status: 503 } });
    const outage = await failure(send());
    expect(outage).toBeInstanceOf(ChannelSendError);
    expect((outage as ChannelSendError).details).toMatchObject({ permanent: false, code: 20503 });
    stop();

    state.faults.inject({ fault: { kind: 'rate-limit', retryAfterSeconds: 7 }, times: 1 });
    const limited = await failure(send());
    expect(limited).toBeInstanceOf(RetryLater);
    expect((limited as RetryLater).retryAfterMs).toBe(7000);
    expect(state.calls.map((call) => call.status)).toEqual([503, 429]);
    expect(state.messages).toEqual([]);
    state.faults.inject({ fault: { kind: 'status', status: 500 }, times: 1 });
    expect(((await failure(send())) as ChannelSendError).details).toMatchObject({ permanent: false, code: 20500 });
    await send(); // `times` used up: the fault is off again
    expect(state.messages).toHaveLength(1);
    expect(state.faults.hits).toMatchObject({ status: 2, 'rate-limit': 1 });
  });

  it('reset before: nothing taken; reset after: the SMS is taken and the answer lost; both an unknown outcome to the sender', async () => {
    const { send, failure, state } = await twilioSetup();
    state.faults.inject({ fault: { kind: 'reset' }, times: 1 });
    expect(await failure(send())).toBeInstanceOf(OutcomeUnknownError);
    expect(state.messages).toHaveLength(0);

    state.faults.inject({ fault: { kind: 'reset' }, phase: 'after', times: 1 });
    expect(await failure(send())).toBeInstanceOf(OutcomeUnknownError);
    expect(state.messages).toHaveLength(1);
    expect(state.callsTo(MESSAGES, 'POST').map((call) => call.status)).toEqual([0, 0]);
  });

  it('a hang ends at the client’s deadline; after phase, the request was applied first', async () => {
    const { send, failure, state } = await twilioSetup();
    const stop = state.faults.inject({ fault: { kind: 'hang' } });
    const started = performance.now();
    expect(await failure(send())).toBeInstanceOf(OutcomeUnknownError);
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
    expect(state.messages).toHaveLength(0);
    stop();
    state.faults.inject({ fault: { kind: 'hang' }, phase: 'after', times: 1 });
    expect(await failure(send())).toBeInstanceOf(OutcomeUnknownError);
    expect(state.messages).toHaveLength(1);
    expect(() => state.faults.inject({ fault: { kind: 'status', status: 500 }, phase: 'after' })).toThrow(
      /hang or reset/,
    );
  });

  it('Zendesk: a fault can pick requests (only PUTs); its 429 carries Retry-After and Zendesk’s body', async () => {
    running = await start();
    const { url, state } = running.zendesk;
    state.faults.inject({
      fault: { kind: 'rate-limit', retryAfterSeconds: 3 },
      match: ({ method }) => method === 'PUT',
    });
    const headers = { authorization: zendeskAuth(), 'content-type': 'application/json' };
    const read = await fetch(`${url}/api/v2/users/me.json`, { headers });
    expect(read.status).toBe(200);
    const write = await fetch(`${url}/api/v2/tickets/1.json`, { method: 'PUT', headers, body: '{"ticket":{}}' });
    expect(write.status).toBe(429);
    expect(write.headers.get('retry-after')).toBe('3');
    expect(await write.json()).toEqual({ error: 'APIRateLimitExceeded', description: expect.any(String) });
    state.faults.clear();
    state.faults.inject({ fault: { kind: 'status', status: 503 } });
    expect(await fetchJson(`${url}/api/v2/users/me.json`, { headers })).toEqual({
      status: 503,
      body: { error: 'ServiceUnavailable', description: expect.any(String) },
    });
    expect(ZENDESK.botUserId).toBe(8000);
  });

  it('Slack: 429 is ratelimited with Retry-After, as the Web API answers it', async () => {
    running = await start();
    const { url, state } = running.slack;
    state.faults.inject({ fault: { kind: 'rate-limit', retryAfterSeconds: 30 } });
    const response = await fetch(`${url}/api/chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SLACK.botToken}` },
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(await response.json()).toEqual({ ok: false, error: 'ratelimited' });
  });
});
