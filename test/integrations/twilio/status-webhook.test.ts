import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createTwilioDeliveryHandler } from '../../../integrations/twilio/handle-delivery.js';
import type { StoredDelivery } from '../../../src/ports/inbox.js';
import type { Store } from '../../../src/ports/store.js';
import { captureLogs } from '../../support/capture-logs.js';
import { fakeInbound, loadFixture } from './support.js';
import { NOW, sign, STATUS_PATH, webhookApp } from './webhook-app.js';

const SID = 'SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
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

const callback = (name: string) => loadFixture<Record<string, string>>(`webhook/${name}.json`);
const post = (app: Parameters<typeof request>[0], params: Record<string, string>, signature?: string) => {
  const req = request(app).post(STATUS_PATH).type('form').send(params);
  return signature === undefined ? req : req.set('X-Twilio-Signature', signature);
};

describe('POST /webhooks/twilio/status', () => {
  it.each([
    ['status-delivered', 'delivered', null],
    ['status-undelivered-30003', 'undelivered', '30003'],
    ['status-failed-21610', 'failed', '21610'],
  ])('%s → handleSmsStatus, 204', async (fixture, status, errorCode) => {
    const { inbound, calls } = fakeInbound();
    const { app, counted } = await setUp(inbound);
    const params = callback(fixture);
    await post(app, params, sign(STATUS_PATH, params)).expect(204);
    expect(calls.status).toEqual([{ messageSid: SID, status, errorCode }]);
    expect(await store!.deliveries.countByStatus()).toEqual({ done: 1 });
    expect(await counted()).toEqual({ 'twilio:stored': 1 });
  });

  it('one delivery per (MessageSid, MessageStatus): a repeat is skipped, the next status is not', async () => {
    const { inbound, calls } = fakeInbound();
    const { app, counted } = await setUp(inbound);
    const delivered = callback('status-delivered');
    const sent = { ...delivered, MessageStatus: 'sent', SmsStatus: 'sent' };
    delete (sent as Record<string, string | undefined>).RawDlrDoneDate;
    await post(app, sent, sign(STATUS_PATH, sent)).expect(204);
    await post(app, delivered, sign(STATUS_PATH, delivered)).expect(204);
    await post(app, delivered, sign(STATUS_PATH, delivered)).expect(204);
    expect(calls.status.map((c) => c.status)).toEqual(['sent', 'delivered']);
    expect(await counted()).toEqual({ 'twilio:stored': 2, 'twilio:duplicate': 1 });
  });

  it('a bad signature: 403, nothing stored, survey service not called', async () => {
    const { inbound, calls } = fakeInbound();
    const { app } = await setUp(inbound);
    const params = callback('status-delivered');
    await post(app, params, sign('/webhooks/twilio/sms', params)).expect(403);
    expect(calls.status).toEqual([]);
    expect(await store!.deliveries.countByStatus()).toEqual({});
  });

  it('400 without MessageStatus', async () => {
    const { inbound } = fakeInbound();
    const { app } = await setUp(inbound);
    const params = callback('status-delivered');
    delete params.MessageStatus;
    const res = await post(app, params, sign(STATUS_PATH, params)).expect(400);
    expect(res.body.missing).toEqual(['MessageStatus']);
  });

  it('503 while Twilio is off', async () => {
    const { inbound, calls } = fakeInbound();
    const { app } = await setUp(inbound, { authToken: null });
    const params = callback('status-delivered');
    await post(app, params, sign(STATUS_PATH, params)).expect(503);
    expect(calls.status).toEqual([]);
  });

  it('when the survey service fails: 500 and the worker replays the stored callback', async () => {
    const { inbound, calls } = fakeInbound({ failures: 1 });
    const { app, logs } = await setUp(inbound);
    const params = callback('status-undelivered-30003');
    await post(app, params, sign(STATUS_PATH, params)).expect(500);
    const delivery = await store!.deliveries.claimNext(NOW, 60_000);
    expect(delivery).toMatchObject({ provider: 'twilio-status', deliveryId: `${SID}:undelivered` });
    await expect(createTwilioDeliveryHandler({ inbound })(delivery!, logs.logger)).resolves.toBe('done');
    expect(calls.status).toHaveLength(2);
    expect(calls.status[1]).toEqual({ messageSid: SID, status: 'undelivered', errorCode: '30003' });
  });
});

describe('createTwilioDeliveryHandler', () => {
  const delivery = (over: Partial<StoredDelivery>): StoredDelivery => ({
    id: 1,
    provider: 'twilio-status',
    deliveryId: 'x',
    eventType: null,
    rawBody: '{}',
    receivedAt: NOW,
    attempts: 1,
    failures: 0,
    retryFrom: NOW,
    ...over,
  });
  const handle = createTwilioDeliveryHandler({ inbound: fakeInbound().inbound });
  const { logger } = captureLogs();

  it.each([
    ['a body that is not JSON', delivery({ rawBody: 'MessageSid=SM1' }), /not JSON/],
    [
      'a callback without MessageStatus',
      delivery({ rawBody: JSON.stringify({ MessageSid: SID }) }),
      /lacks MessageStatus/,
    ],
    ['another provider', delivery({ provider: 'zendesk' }), /not a Twilio delivery/],
  ])('fails for good on %s', async (_case, stored, message) => {
    await expect(handle(stored, logger)).rejects.toMatchObject({
      retryable: false,
      message: expect.stringMatching(message),
    });
  });
});
