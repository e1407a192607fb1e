import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createTwilioDeliveryHandler } from '../../../integrations/twilio/handle-delivery.js';
import type { Store } from '../../../src/ports/store.js';
import { CUSTOMER, fakeInbound, loadFixture } from './support.js';
import { NOW, sign, SMS_PATH, webhookApp } from './webhook-app.js';

const SID = 'SMdddddddddddddddddddddddddddddddd';
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function setUp(...args: Parameters<typeof webhookApp>) {
  const built = await webhookApp(...args);
  store = built.store;
  return built;
}

const inboundSms = () => loadFixture<Record<string, string>>('webhook/inbound-sms.json');
const post = (
  app: Parameters<typeof request>[0],
  params: Record<string, string>,
  signature?: string,
  path = SMS_PATH,
) => {
  const req = request(app).post(path).type('form').send(params);
  return signature === undefined ? req : req.set('X-Twilio-Signature', signature);
};

describe('POST /webhooks/twilio/sms', () => {
  it('verifies, stores, hands the reply to the survey service and answers its text as TwiML', async () => {
    const { inbound, calls } = fakeInbound({ reply: 'Thanks! What made it hard?' });
    const { app, logs, counted } = await setUp(inbound);
    const params = inboundSms();
    const res = await post(app, params, sign(SMS_PATH, params)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(res.text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Thanks! What made it hard?</Message></Response>',
    );
    expect(calls.sms).toEqual([
      { messageSid: SID, from: CUSTOMER, body: '6', optOutType: null, buttonPayload: null, receivedAt: NOW },
    ]);
    expect(await store!.deliveries.countByStatus()).toEqual({ done: 1 });
    expect(await counted()).toEqual({ 'twilio:stored': 1 });
    expect(logs.text()).toContain('***310');
    expect(logs.text()).not.toContain(CUSTOMER.slice(2));
  });

  it('answers an empty Response when there is nothing to say, and passes OptOutType on', async () => {
    const { inbound, calls } = fakeInbound({ reply: null });
    const { app } = await setUp(inbound);
    const params = loadFixture<Record<string, string>>('webhook/inbound-sms-stop.json');
    const res = await post(app, params, sign(SMS_PATH, params)).expect(200);
    expect(res.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(calls.sms[0]).toMatchObject({ body: 'STOP', optOutType: 'STOP' });
  });

  it('verifies a URL configured with a query string', async () => {
    const { inbound, calls } = fakeInbound();
    const { app } = await setUp(inbound);
    const params = inboundSms();
    await post(app, params, sign(`${SMS_PATH}?tenant=acme`, params), `${SMS_PATH}?tenant=acme`).expect(200);
    expect(calls.sms).toHaveLength(1);
  });

  it.each([
    [
      'a bad signature',
      (p: Record<string, string>) => sign(SMS_PATH, p, 'not-the-auth-token-000000000000'),
      'mismatch',
    ],
    ['a body changed after signing', (p: Record<string, string>) => sign(SMS_PATH, { ...p, Body: '1' }), 'mismatch'],
    ['no signature', () => undefined, 'missing'],
  ])(
    '%s: 403, nothing stored, survey service not called, operator told what to check',
    async (_case, signature, reason) => {
      const { inbound, calls } = fakeInbound();
      const { app, logs, counted } = await setUp(inbound);
      const params = inboundSms();
      const res = await post(app, params, signature(params)).expect(403);
      expect(res.body).toEqual({ error: 'invalid_signature', reason });
      expect(calls.sms).toEqual([]);
      expect(await store!.deliveries.countByStatus()).toEqual({});
      expect(await counted()).toEqual({ 'twilio:rejected': 1 });
      expect(logs.text()).toMatch(reason === 'missing' ? /X-Twilio-Signature/ : /TWILIO_AUTH_TOKEN.*PUBLIC_URL/);
      expect(logs.text()).not.toContain(CUSTOMER.slice(2));
    },
  );

  it('a repeated MessageSid reaches the survey service once and gets an empty Response', async () => {
    const { inbound, calls } = fakeInbound();
    const { app, counted } = await setUp(inbound);
    const params = inboundSms();
    await post(app, params, sign(SMS_PATH, params)).expect(200);
    const again = await post(app, params, sign(SMS_PATH, params)).expect(200);
    expect(again.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(calls.sms).toHaveLength(1);
    expect(await counted()).toEqual({ 'twilio:stored': 1, 'twilio:duplicate': 1 });
  });

  it.each([['MessageSid'], ['From']])('400 without %s, nothing stored', async (field) => {
    const { inbound, calls } = fakeInbound();
    const { app, counted } = await setUp(inbound);
    const params = inboundSms();
    delete params[field];
    const res = await post(app, params, sign(SMS_PATH, params)).expect(400);
    expect(res.body).toEqual({ error: 'malformed_body', missing: [field] });
    expect(calls.sms).toEqual([]);
    expect(await store!.deliveries.countByStatus()).toEqual({});
    expect(await counted()).toEqual({ 'twilio:malformed': 1 });
  });

  it('503 while Twilio is off (no auth token), nothing stored', async () => {
    const { inbound, calls } = fakeInbound();
    const { app, counted } = await setUp(inbound, { authToken: null });
    const params = inboundSms();
    const res = await post(app, params, sign(SMS_PATH, params)).expect(503);
    expect(res.body.message).toMatch(/TWILIO_AUTH_TOKEN/);
    expect(calls.sms).toEqual([]);
    expect(await store!.deliveries.countByStatus()).toEqual({});
    expect(await counted()).toEqual({ 'twilio:rejected': 1 });
  });

  it('when the survey service fails: 500, the delivery stays pending, and the worker replays it', async () => {
    const { inbound, calls } = fakeInbound({ failures: 1 });
    const { app, logs } = await setUp(inbound);
    const params = inboundSms();
    await post(app, params, sign(SMS_PATH, params)).expect(500);
    expect(await store!.deliveries.countByStatus()).toEqual({ pending: 1 });

    // Twilio does not retry a 5xx by default; a retry or fallback that does come is a duplicate.
    await post(app, params, sign(SMS_PATH, params)).expect(200);
    expect(calls.sms).toHaveLength(1);

    const delivery = await store!.deliveries.claimNext(NOW, 60_000);
    expect(delivery).toMatchObject({ provider: 'twilio-sms', deliveryId: SID, eventType: 'sms.inbound' });
    await expect(createTwilioDeliveryHandler({ inbound })(delivery!, logs.logger)).resolves.toBe('done');
    expect(calls.sms[1]).toEqual(calls.sms[0]);
  });
});
