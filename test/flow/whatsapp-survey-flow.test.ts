import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningService } from '../../compose/build-service.js';
import { loadFixture, readFixtureText } from '../integrations/zendesk/load-fixture.js';
import { validateAgainstSpec } from '../support/openapi.js';
import {
  type AuditsPage,
  JSON_HEADERS,
  postInboundSms,
  postZendeskWebhook,
  serveSolvedTicket501,
  startFlowService,
  TWILIO,
  waitFor,
} from './flow-support.js';

const ACCOUNT = `AC${'a'.repeat(32)}`;
const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const PUBLIC_URL = 'https://effort.example.com';
const WHATSAPP_FROM = 'whatsapp:+15017122661';
const CUSTOMER = 'whatsapp:+31612345678';
const TWILIO_SPEC = fileURLToPath(new URL('../specs/twilio_api_v2010.json', import.meta.url));
const fixture = (name: string) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/twilio/${name}`, import.meta.url)), 'utf8'));

let service: RunningService | null = null;
afterEach(async () => {
  await service?.stop();
  service = null;
});

/** The customer's last message (audit 1006, an hour before the solve) came in over WhatsApp. */
function asWhatsAppCase(page: AuditsPage): void {
  const chat = page.audits.find((audit) => audit.id === 1006)!;
  (chat.via as { channel: string }).channel = 'whatsapp';
}

type PutBody = { ticket: { tags?: string[]; comment?: { body: string } } };

describe('CES on WhatsApp, from the signed "solved" webhook to the answer on the ticket', () => {
  it('asks in the 24-hour window, reads the quick-reply button and writes back', async () => {
    const now = new Date('2025-03-04T09:00:00Z');
    service = await startFlowService(
      {
        PUBLIC_URL,
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_FROM: '+15017122661',
        TWILIO_WHATSAPP_FROM: WHATSAPP_FROM,
        TWILIO_API_URL: TWILIO,
      },
      now,
    );
    const zendesk = serveSolvedTicket501(asWhatsAppCase);
    const puts: PutBody[] = [];
    zendesk
      .put('/api/v2/tickets/501.json', (body: PutBody) => puts.push(body) > 0)
      .times(3)
      .reply(200, loadFixture('rest/ticket-update.json'), JSON_HEADERS);
    const created = fixture('rest/message-create.json');
    const path = `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`;
    expect(validateAgainstSpec(TWILIO_SPEC, { method: 'POST', path, status: 201, body: created })).toEqual([]);
    const sent: Array<Record<string, string>> = [];
    nock(TWILIO)
      .post(path, (body: Record<string, string>) => sent.push(body) > 0)
      .reply(201, created, JSON_HEADERS);

    expect(
      (await postZendeskWebhook(service.url, readFixtureText('webhooks/ticket-status-changed-solved.json'), now))
        .status,
    ).toBe(200);
    await waitFor(() => sent.length === 1, 'the WhatsApp question');
    expect(sent[0]).toMatchObject({ To: CUSTOMER, From: WHATSAPP_FROM });
    expect(sent[0]!.Body).toMatch(/^Hoe makkelijk was het/);
    expect(sent[0]!.ContentSid).toBeUndefined();
    await waitFor(async () => (await service!.store.surveys.getByTicket(501))?.status === 'sent', 'the survey sent');

    const press = { ...fixture('webhook/inbound-whatsapp-button.json'), From: CUSTOMER, To: WHATSAPP_FROM };
    const low = await postInboundSms(service.url, PUBLIC_URL, AUTH_TOKEN, press);
    expect(low.status).toBe(200);
    expect(low.text).toContain('Wat maakte het lastig?');
    const why = await postInboundSms(service.url, PUBLIC_URL, AUTH_TOKEN, {
      ...press,
      MessageSid: `SM${'f'.repeat(32)}`,
      SmsMessageSid: `SM${'f'.repeat(32)}`,
      SmsSid: `SM${'f'.repeat(32)}`,
      MessageType: 'text',
      Body: 'Drie keer doorverbonden',
      ButtonText: '',
      ButtonPayload: '',
    });
    expect(why.text).toContain('Bedankt dat je dit met ons deelt');

    await waitFor(() => puts.length === 3, 'three Zendesk updates');
    expect(puts[1]!.ticket.tags).toContain('ces_2');
    expect(puts[1]!.ticket.comment!.body).toContain('(CES, whatsapp)');
    expect(await service.store.surveys.getByTicket(501)).toMatchObject({
      channel: 'whatsapp',
      address: CUSTOMER,
      score: 2,
      verbatim: 'Drie keer doorverbonden',
    });
  });
});
