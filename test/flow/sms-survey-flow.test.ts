import nock from 'nock';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningService } from '../../compose/build-service.js';
import { validateAgainstSpec } from '../support/openapi.js';
import { loadFixture, readFixtureText } from '../integrations/zendesk/load-fixture.js';
import {
  JSON_HEADERS,
  postInboundSms,
  postZendeskWebhook,
  serveSolvedTicket501,
  startFlowService,
  TWILIO,
  waitFor,
} from './flow-support.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DASHBOARD_TOKEN = 'lead-dashboard-token-0123';
const ACCOUNT = `AC${'a'.repeat(32)}`;
const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const PUBLIC_URL = 'https://effort.example.com';
const TWILIO_SPEC = fileURLToPath(new URL('../specs/twilio_api_v2010.json', import.meta.url));
const messageCreated = () =>
  JSON.parse(
    readFileSync(fileURLToPath(new URL('../fixtures/twilio/rest/message-create.json', import.meta.url)), 'utf8'),
  );

let service: RunningService | null = null;
afterEach(async () => {
  await service?.stop();
  service = null;
});

type PutBody = {
  ticket: {
    tags?: string[];
    custom_fields?: Array<{ id: number; value: unknown }>;
    comment?: { body: string; public: boolean };
  };
};

describe('CES by SMS, from the signed "solved" webhook to the answer on the ticket', () => {
  it('asks in Dutch, follows up on a low score and writes score and verbatim back to Zendesk', async () => {
    // 10:00 in Amsterdam, outside quiet hours; the webhook is signed at this time too.
    const now = new Date('2025-03-04T09:00:00Z');
    service = await startFlowService(
      {
        PUBLIC_URL,
        ZENDESK_CES_FIELD_ID: '360006',
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_FROM: '+15017122661',
        TWILIO_API_URL: TWILIO,
        DASHBOARD_TOKEN,
      },
      now,
    );

    const zendesk = serveSolvedTicket501();
    const puts: PutBody[] = [];
    zendesk
      .put('/api/v2/tickets/501.json', (body: PutBody) => puts.push(body) > 0)
      .times(3)
      .reply(200, loadFixture('rest/ticket-update.json'), JSON_HEADERS);

    const sms: Array<Record<string, string>> = [];
    const created = messageCreated();
    expect(
      validateAgainstSpec(TWILIO_SPEC, {
        method: 'POST',
        path: `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`,
        status: 201,
        body: created,
      }),
    ).toEqual([]);
    nock(TWILIO)
      .post(`/2010-04-01/Accounts/${ACCOUNT}/Messages.json`, (body: Record<string, string>) => sms.push(body) > 0)
      .reply(201, created, JSON_HEADERS);

    expect(
      (await postZendeskWebhook(service.url, readFixtureText('webhooks/ticket-status-changed-solved.json'), now))
        .status,
    ).toBe(200);
    await waitFor(() => sms.length === 1, 'the survey SMS');
    expect(sms[0]).toMatchObject({
      To: '+31612345678',
      From: '+15017122661',
      StatusCallback: `${PUBLIC_URL}/webhooks/twilio/status`,
    });
    expect(sms[0]!.Body).toMatch(/^Hoe makkelijk was het/);
    await waitFor(
      async () => (await service!.store.surveys.getByTicket(501))?.status === 'sent',
      'the survey to be marked sent',
    );

    const inbound = (sid: string, body: string) =>
      postInboundSms(service!.url, PUBLIC_URL, AUTH_TOKEN, {
        MessageSid: sid,
        SmsSid: sid,
        AccountSid: ACCOUNT,
        From: '+31612345678',
        To: '+15017122661',
        Body: body,
        NumMedia: '0',
      });
    const low = await inbound(`SM${'1'.repeat(32)}`, ' 2!');
    expect(low.status).toBe(200);
    expect(low.text).toContain('Wat maakte het lastig?');
    const retried = await inbound(`SM${'1'.repeat(32)}`, ' 2!');
    expect(retried.text).not.toContain('<Message>');
    const why = await inbound(`SM${'2'.repeat(32)}`, 'Ik ben drie keer doorverbonden');
    expect(why.text).toContain('Bedankt dat je dit met ons deelt');

    // The effort write-back, then the score, then the verbatim: three safe updates.
    await waitFor(() => puts.length === 3, 'three Zendesk updates');
    const [, score, verbatim] = puts;
    expect(score!.ticket.tags).toContain('ces_2');
    expect(score!.ticket.custom_fields).toEqual([{ id: 360006, value: 2 }]);
    expect(score!.ticket.comment).toMatchObject({ public: false, body: expect.stringContaining('Score: 2 on 1-7') });
    expect(verbatim!.ticket.comment).toMatchObject({
      public: false,
      body: expect.stringContaining('"Ik ben drie keer doorverbonden"'),
    });
    expect(await service.store.surveys.getByTicket(501)).toMatchObject({
      status: 'answered',
      score: 2,
      verbatim: 'Ik ben drie keer doorverbonden',
    });
    const effort = await request(service.url)
      .get('/api/tickets/501/effort')
      .set('Authorization', `Bearer ${DASHBOARD_TOKEN}`);
    expect(effort.body.survey).toMatchObject({ kind: 'CES', status: 'answered', score: 2, channel: 'sms' });
  });
});
