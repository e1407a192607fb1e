import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createTwilioSmsSender } from '../../../integrations/twilio/client.js';
import { comparableBody } from '../../../integrations/twilio/find-sent-message.js';
import { ChannelSendError } from '../../../src/ports/errors.js';
import { captureLogs } from '../../support/capture-logs.js';
import { validateAgainstSpec } from '../../support/openapi.js';
import { ACCOUNT_SID, AUTH_TOKEN, CUSTOMER, loadFixture, MESSAGES_PATH, SPEC, specProblems } from './support.js';

const API = 'http://twilio.test';
const FROM = '+15017122661';
const SERVICE = 'MGcccccccccccccccccccccccccccccccc';
/** The English CES question, as the fixtures' survey message carries it. */
const CES =
  'How easy was it to get your issue handled? Reply with a number from 1 (very difficult) to 7 (very easy). Reply STOP to opt out.';
const SURVEY_SID = 'SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

const PAGE_URIS = ['uri', 'first_page_uri', 'next_page_uri', 'previous_page_uri'];

/**
 * A Messages list page, checked against ListMessage's documented 200 before it is served.
 * One documented disagreement: the schema gives the page URIs `format: uri` (absolute), yet
 * the operation's own examples (`readFullPage1`) and Twilio's answers carry paths relative to
 * the API host. Those four values are checked to be such paths, then left out of the copy
 * that is validated.
 */
function listPage(name: string): Record<string, unknown> {
  const body = loadFixture(name);
  const copy = structuredClone(body);
  for (const key of PAGE_URIS) {
    if (copy[key] !== null) expect(copy[key]).toMatch(/^\/2010-04-01\/Accounts\/AC\w{32}\/Messages\.json\?/);
    delete copy[key];
  }
  expect(validateAgainstSpec(SPEC, { method: 'GET', path: MESSAGES_PATH, status: 200, body: copy })).toEqual([]);
  return body;
}

/** Serves list pages in order and records each request's query; a POST would find no interceptor. */
function serveList(...pages: Array<Record<string, unknown>>): URLSearchParams[] {
  const queries: URLSearchParams[] = [];
  for (const page of pages) {
    nock(API)
      .get(MESSAGES_PATH)
      .query(true)
      .reply((uri) => {
        queries.push(new URL(uri, API).searchParams);
        return [200, page, { 'Content-Type': 'application/json' }];
      });
  }
  return queries;
}

function sender(from = FROM) {
  const logs = captureLogs();
  return {
    sms: createTwilioSmsSender({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      from,
      apiUrl: API,
      logger: logs.logger,
    }),
    logs,
  };
}

describe('SmsSender.findSent over Read multiple Message resources', () => {
  it('finds the survey sent from our number: filtered by To and From, matched on body and time window', async () => {
    const queries = serveList(listPage('rest/message-list-from-number.json'));
    const found = await sender().sms.findSent({ to: CUSTOMER, body: CES, since: new Date('2026-03-02T13:00:00Z') });
    expect(found).toEqual({ providerId: SURVEY_SID, sentAt: new Date('2026-03-02T13:01:00Z') });
    // No DateSent filter: it would hide a message Twilio took but has not sent yet.
    expect(Object.fromEntries(queries[0] ?? [])).toEqual({ To: CUSTOMER, From: FROM, PageSize: '100' });
  });

  it('a WhatsApp template is matched without its body: our API message in the window, never a TwiML reply', async () => {
    serveList(listPage('rest/message-list-from-number.json'));
    const found = await sender().sms.findSent({ to: CUSTOMER, body: null, since: new Date('2026-03-02T13:00:00Z') });
    expect(found).toEqual({ providerId: SURVEY_SID, sentAt: new Date('2026-03-02T13:01:00Z') });
    serveList(listPage('rest/message-list-from-number.json'));
    expect(
      await sender().sms.findSent({ to: CUSTOMER, body: null, since: new Date('2026-03-02T13:30:00Z') }),
    ).toBeNull();
  });

  it('does not take an earlier ticket’s survey or a TwiML reply for this one', async () => {
    serveList(listPage('rest/message-list-from-number.json'));
    // The window opens ten minutes before `since`: 13:20, after our 13:01 survey.
    expect(
      await sender().sms.findSent({ to: CUSTOMER, body: CES, since: new Date('2026-03-02T13:30:00Z') }),
    ).toBeNull();
    serveList(listPage('rest/message-list-from-number.json'));
    expect(
      await sender().sms.findSent({
        to: CUSTOMER,
        body: 'Thanks for your answer!',
        since: new Date('2026-03-02T13:00:00Z'),
      }),
    ).toBeNull();
  });

  it('with a Messaging Service: filters by To only, follows next_page_uri, skips another service’s same text and finds ours still accepted', async () => {
    const queries = serveList(
      listPage('rest/message-list-messaging-service-page-1.json'),
      listPage('rest/message-list-messaging-service-page-2.json'),
    );
    const found = await sender(SERVICE).sms.findSent({
      to: CUSTOMER,
      body: CES,
      since: new Date('2026-03-02T13:00:00Z'),
    });
    expect(found).toEqual({ providerId: SURVEY_SID, sentAt: new Date('2026-03-02T13:01:00Z') });
    expect(Object.fromEntries(queries[0] ?? [])).toEqual({ To: CUSTOMER, PageSize: '100' });
    expect(queries[1]?.get('PageToken')).toBe('PASMffffffffffffffffffffffffffffffff');
  });

  it('answers null when Twilio lists nothing for the number', async () => {
    const empty = { ...listPage('rest/message-list-from-number.json'), messages: [], end: 0 };
    serveList(empty);
    expect(
      await sender().sms.findSent({ to: CUSTOMER, body: CES, since: new Date('2026-03-02T13:00:00Z') }),
    ).toBeNull();
  });

  it.each([
    [503, 'rest/error-20503.json', true],
    [429, 'rest/error-20429.json', true],
  ])('a failed lookup (%i) is an error, never "not found", and retryable', async (status, fixture, retryable) => {
    const body = loadFixture(fixture);
    expect(specProblems(status, body)).toEqual([]);
    nock(API).get(MESSAGES_PATH).query(true).reply(status, body, { 'Content-Type': 'application/json' });
    const { sms, logs } = sender();
    const error = await sms.findSent({ to: CUSTOMER, body: CES, since: new Date() }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ChannelSendError);
    expect((error as ChannelSendError).retryable).toBe(retryable);
    const text = (error as Error).message + logs.text();
    expect(text).not.toContain(CUSTOMER.slice(2));
    expect(text).not.toContain(AUTH_TOKEN);
  });

  it('bad credentials (401, error 20003) are final', async () => {
    const body = {
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401,
    };
    expect(specProblems(401, body)).toEqual([]);
    nock(API).get(MESSAGES_PATH).query(true).reply(401, body, { 'Content-Type': 'application/json' });
    const error = await sender()
      .sms.findSent({ to: CUSTOMER, body: CES, since: new Date() })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({ retryable: false, details: { permanent: true, code: 20003 } });
  });
});

describe('comparableBody', () => {
  it('folds the typography a Messaging Service’s Smart Encoding may change, and nothing else', () => {
    expect(comparableBody('Wasn’t it “easy”? Reply 1 – 7…')).toBe(comparableBody('Wasn\'t it "easy"? Reply 1 - 7...'));
    expect(comparableBody('Reply 1-7')).not.toBe(comparableBody('Reply 1-5'));
  });
});
