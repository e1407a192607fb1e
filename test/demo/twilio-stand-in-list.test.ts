import twilio from 'twilio';
import { afterEach, describe, expect, it } from 'vitest';
import type { StandIns } from '../../demo/stand-ins/start-stand-ins.js';
import { findSentMessage, LIST_PAGE_SIZE } from '../../integrations/twilio/find-sent-message.js';
import { twilioHttpClient } from '../../integrations/twilio/request-client.js';
import { validateAgainstSpec } from '../support/openapi.js';
import { SPEC } from '../integrations/twilio/support.js';
import { fetchJson, start, TWILIO } from './stand-ins-support.js';

const FROM = '+15017122661';
const CUSTOMER = '+15558675310';
const MESSAGES = `/2010-04-01/Accounts/${TWILIO.accountSid}/Messages.json`;
const T0 = Date.UTC(2026, 2, 2, 13, 0);

let running: StandIns | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

/** The stand-in on a clock the test moves; `sentAfterMs` makes messages count as sent. */
async function setup(sentAfterMs?: number) {
  let now = T0;
  running = await start({
    twilio: { ...TWILIO, now: () => now, ...(sentAfterMs === undefined ? {} : { sentAfterMs }) },
  });
  const { url, state } = running.twilio;
  const auth = `Basic ${Buffer.from(`${TWILIO.accountSid}:${TWILIO.authToken}`).toString('base64')}`;
  const send = (to: string, body: string, from = FROM) =>
    fetchJson(`${url}${MESSAGES}`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ To: to, From: from, Body: body }).toString(),
    });
  const list = (query: Record<string, string>) =>
    fetchJson(`${url}${MESSAGES}?${new URLSearchParams(query)}`, { headers: { authorization: auth } });
  const client = twilio(TWILIO.accountSid, TWILIO.authToken, {
    httpClient: twilioHttpClient(url, 5_000),
  });
  return { state, send, list, client, tick: (ms: number) => void (now += ms) };
}

const sids = (body: Record<string, unknown>) => (body.messages as Array<{ sid: string }>).map((m) => m.sid);

describe('Twilio stand-in: Read multiple Message resources', () => {
  it('finds the survey an earlier try sent, through find-sent-message.ts, across pages of its list', async () => {
    const { send, client, state, tick } = await setup();
    const survey = await send(CUSTOMER, 'How easy was it? Reply 1-7.');
    // Enough later messages to the same number that the survey is on the second page.
    for (let i = 0; i < LIST_PAGE_SIZE + 20; i++) {
      tick(1000);
      await send(CUSTOMER, `Reminder ${i}`);
    }
    await send('+15558675311', 'How easy was it? Reply 1-7.');
    const gate = { remainingMs: () => 0, holdFor: () => undefined };
    const found = await findSentMessage(
      client,
      { sender: FROM, gate, now: () => T0 },
      { to: CUSTOMER, body: 'How easy was it? Reply 1-7.', since: new Date(T0) },
    );
    expect(found).toEqual({ providerId: survey.body.sid, sentAt: new Date(T0) });

    const reads = state.callsTo(MESSAGES, 'GET');
    expect(reads.map((call) => call.status)).toEqual([200, 200]);
    expect(reads[0]?.query).toEqual({ To: CUSTOMER, From: FROM, PageSize: String(LIST_PAGE_SIZE) });
    expect(reads[1]?.query).toMatchObject({
      To: CUSTOMER,
      From: FROM,
      Page: '1',
      PageToken: expect.stringMatching(/^PASM/),
    });
    expect(
      await findSentMessage(
        client,
        { sender: FROM, gate, now: () => T0 },
        { to: CUSTOMER, body: 'Another text', since: new Date(T0) },
      ),
    ).toBeNull();
  });

  it('answers the documented list envelope, newest first, and pages stay put when messages arrive', async () => {
    const { send, list, tick } = await setup();
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) {
      sent.push(String((await send(CUSTOMER, `Message ${i}`)).body.sid));
      tick(1000);
    }
    const first = await list({ To: CUSTOMER, PageSize: '2' });
    expect(first.status).toBe(200);
    expect(sids(first.body)).toEqual([sent[4], sent[3]]);
    expect(first.body).toMatchObject({ page: 0, page_size: 2, start: 0, end: 1, previous_page_uri: null });
    const copy = structuredClone(first.body);
    for (const key of ['uri', 'first_page_uri', 'next_page_uri', 'previous_page_uri']) {
      if (copy[key] !== null) expect(copy[key]).toMatch(/^\/2010-04-01\/Accounts\/AC\w{32}\/Messages\.json\?/);
      delete copy[key]; // the schema says absolute URIs; Twilio (and its own examples) send paths
    }
    expect(validateAgainstSpec(SPEC, { method: 'GET', path: MESSAGES, status: 200, body: copy })).toEqual([]);

    await send(CUSTOMER, 'Newer than the listing');
    const next = new URL(String(first.body.next_page_uri), 'http://x').searchParams;
    const second = await list(Object.fromEntries(next));
    expect(sids(second.body)).toEqual([sent[2], sent[1]]);
    expect(second.body).toMatchObject({ page: 1, start: 2, end: 3 });
    const back = await list(
      Object.fromEntries(new URL(String(second.body.previous_page_uri), 'http://x').searchParams),
    );
    expect(sids(back.body)).toEqual([sent[4], sent[3]]);
  });

  it('filters by To and From; a DateSent filter skips what is still queued, as date_sent is null until sent', async () => {
    const { send, list, tick } = await setup(60_000);
    await send(CUSTOMER, 'From us');
    await send(CUSTOMER, 'From another number', '+15017122662');
    await send('+15558675311', 'To someone else');
    expect(sids((await list({ To: CUSTOMER, From: FROM })).body)).toHaveLength(1);
    expect(sids((await list({ To: CUSTOMER })).body)).toHaveLength(2);

    const queued = await list({ To: CUSTOMER, 'DateSent>': '2026-03-01' });
    expect(sids(queued.body)).toEqual([]);
    expect((await list({ To: CUSTOMER })).body.messages).toEqual(
      expect.arrayContaining([expect.objectContaining({ status: 'queued', date_sent: null })]),
    );

    tick(60_000);
    const day = await list({ To: CUSTOMER, From: FROM, DateSent: '2026-03-02' });
    expect(day.body.messages).toEqual([
      expect.objectContaining({ status: 'sent', date_sent: 'Mon, 02 Mar 2026 13:01:00 +0000' }),
    ]);
    expect(sids((await list({ To: CUSTOMER, 'DateSent>': '2026-03-02T13:01:00Z' })).body)).toHaveLength(2);
    expect(sids((await list({ To: CUSTOMER, 'DateSent>': '2026-03-02T13:01:01Z' })).body)).toHaveLength(0);
    expect(sids((await list({ To: CUSTOMER, 'DateSent<': '2026-03-01' })).body)).toHaveLength(0);
    expect(sids((await list({ To: CUSTOMER, 'DateSent<': '2026-03-02' })).body)).toHaveLength(2);

    const bad = await list({ 'DateSent>': 'yesterday' });
    expect(bad).toMatchObject({ status: 400, body: { code: 20001, status: 400 } });
  });
});
