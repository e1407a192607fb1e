import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createSlackAlertPoster } from '../../../integrations/slack/alert-poster.js';
import { createSlackSurveySender, createSlackWebClient } from '../../../integrations/slack/client.js';
import type { AlertMessageView } from '../../../src/ports/alert-channel.js';
import type { AlertThreadUpdateView, MetricAlertView } from '../../../src/domain/alerts/alert-view.js';
import { ChannelSendError } from '../../../src/ports/errors.js';
import type { OutboxTag } from '../../../src/ports/outbox-tag.js';
import { captureLogs } from '../../support/capture-logs.js';
import { slackReadProblems } from './history-spec.js';
import { loadFixture } from './load-fixture.js';
import { surveyView } from './survey-views.js';

const API = 'http://slack.test';
const DM = 'D069C7QFK';
const LEADS = 'C0EFFLEADS';
const ROOT_TS = '1712577600.000100';
/** The survey message of the fixtures (chat-post-message.json, conversations-history-survey-dm.json). */
const SURVEY_TAG: OutboxTag = { outboxId: 17, dedupeKey: 'survey.send:42:1503435900000' };
const SURVEY_TS = '1503435956.000247';

type Json = Record<string, unknown>;
type Read = 'conversations.history' | 'conversations.replies' | 'conversations.list';

function setup() {
  const logs = captureLogs();
  const client = createSlackWebClient({ botToken: 'xoxb-1-2-test', apiUrl: `${API}/api/`, logger: logs.logger });
  return {
    survey: createSlackSurveySender(client),
    poster: createSlackAlertPoster(client, { minIntervalMs: 1 }),
    api: nock(API),
  };
}

/** Answers one Web API method (a read after its spec check) and records the form fields sent. */
function answer(api: nock.Scope, method: string, body: Json): Array<Record<string, string>> {
  if (method.startsWith('conversations.') && method !== 'conversations.open')
    expect(slackReadProblems(method as Read, body)).toEqual([]);
  const forms: Array<Record<string, string>> = [];
  api.post(`/api/${method}`).reply((_uri, requestBody) => {
    forms.push(Object.fromEntries(new URLSearchParams(String(requestBody))));
    return [200, body, { 'Content-Type': 'application/json; charset=utf-8' }];
  });
  return forms;
}

describe('posts carry their outbox message as Slack message metadata', () => {
  it('the survey DM', async () => {
    const { survey, api } = setup();
    answer(api, 'conversations.open', loadFixture('web-api/conversations-open.json'));
    const posted = answer(api, 'chat.postMessage', loadFixture('web-api/chat-post-message.json'));
    await survey.postSurvey('W012A3CDE', surveyView(), SURVEY_TAG);
    expect(JSON.parse(posted[0]?.metadata ?? 'null')).toEqual({
      event_type: 'effortless_outbox',
      event_payload: { outbox_id: 17, dedupe_key: 'survey.send:42:1503435900000' },
    });
  });

  it('the alert root and its thread replies', async () => {
    const { poster, api } = setup();
    const views = loadFixture<{ metric: MetricAlertView; worse: AlertThreadUpdateView }>('alerts/alert-views.json');
    const message: AlertMessageView = { type: 'metric', view: views.metric };
    const root = answer(api, 'chat.postMessage', loadFixture('web-api/chat-post-message-alert.json'));
    const reply = answer(api, 'chat.postMessage', loadFixture('web-api/chat-post-message-thread-reply.json'));
    await poster.postAlert('#leads', message, { outboxId: 31, dedupeKey: 'alert:7:post' });
    await poster.postThreadUpdate(LEADS, ROOT_TS, views.worse, {
      outboxId: 44,
      dedupeKey: 'alert:7:thread:worse:1712581200000',
    });
    expect(JSON.parse(root[0]?.metadata ?? 'null')).toMatchObject({
      event_payload: { outbox_id: 31, dedupe_key: 'alert:7:post' },
    });
    expect(JSON.parse(reply[0]?.metadata ?? 'null')).toMatchObject({ event_payload: { outbox_id: 44 } });
    expect(reply[0]?.thread_ts).toBe(ROOT_TS);
  });
});

describe('finding a post an earlier try made', () => {
  it('survey: opens the DM, reads its history with all metadata from the first possible moment, page by page', async () => {
    const { survey, api } = setup();
    answer(api, 'conversations.open', loadFixture('web-api/conversations-open.json'));
    const first = answer(
      api,
      'conversations.history',
      loadFixture('web-api/conversations-history-survey-dm-page-1.json'),
    );
    const second = answer(api, 'conversations.history', loadFixture('web-api/conversations-history-survey-dm.json'));
    const since = new Date(1503435900_000);
    const found = await survey.findPostedSurvey('W012A3CDE', SURVEY_TAG, since);
    expect(found).toEqual({ channel: DM, ts: SURVEY_TS, postedAt: new Date(1503435956_000.247) });
    // Ten minutes before `since`, for clock skew; include_all_metadata, or Slack strips the payload.
    expect(first[0]).toEqual({ channel: DM, include_all_metadata: 'true', limit: '200', oldest: '1503435300.000000' });
    expect(second[0]).toMatchObject({ channel: DM, cursor: 'bmV4dF90czoxNTAzNDM1OTU2MDAwMjQ3' });
  });

  it('survey: another outbox message’s post is not this one', async () => {
    const { survey, api } = setup();
    answer(api, 'conversations.open', loadFixture('web-api/conversations-open.json'));
    answer(api, 'conversations.history', loadFixture('web-api/conversations-history-survey-dm.json'));
    expect(
      await survey.findPostedSurvey('W012A3CDE', { ...SURVEY_TAG, outboxId: 18 }, new Date(1503435900_000)),
    ).toBeNull();
  });

  it('alert root: a channel name is looked up among public channels first, then its history is read', async () => {
    const { poster, api } = setup();
    const listed = answer(api, 'conversations.list', loadFixture('web-api/conversations-list-public.json'));
    const read = answer(api, 'conversations.history', loadFixture('web-api/conversations-history-alert-channel.json'));
    const found = await poster.findPostedAlert(
      '#leads',
      { outboxId: 31, dedupeKey: 'alert:7:post' },
      new Date(1712577000_000),
    );
    expect(found).toEqual({ channel: LEADS, ts: ROOT_TS });
    expect(listed[0]).toMatchObject({ types: 'public_channel', exclude_archived: 'true' });
    expect(read[0]).toMatchObject({ channel: LEADS, include_all_metadata: 'true' });
  });

  it('alert root: a channel id is used as it is', async () => {
    const { poster, api } = setup();
    answer(api, 'conversations.history', loadFixture('web-api/conversations-history-alert-channel.json'));
    expect(
      await poster.findPostedAlert(LEADS, { outboxId: 32, dedupeKey: 'alert:8:post' }, new Date(1712577000_000)),
    ).toBeNull();
    expect(api.isDone()).toBe(true);
  });

  it('thread reply: reads the thread (history leaves replies out) and finds the reply carrying the tag', async () => {
    const { poster, api } = setup();
    const read = answer(api, 'conversations.replies', loadFixture('web-api/conversations-replies-alert-thread.json'));
    const tag = { outboxId: 52, dedupeKey: 'alert:7:thread:resolved:1712584800000' };
    expect(await poster.findThreadUpdate(LEADS, ROOT_TS, tag)).toEqual({ ts: '1712584800.000400' });
    expect(read[0]).toEqual({ channel: LEADS, ts: ROOT_TS, include_all_metadata: 'true', limit: '200' });
  });

  it('a lookup Slack refuses (missing_scope) is an error, never "not posted"', async () => {
    const { poster, api } = setup();
    answer(api, 'conversations.history', {
      ok: false,
      error: 'missing_scope',
      needed: 'channels:history',
      provided: 'chat:write',
    });
    const error = await poster.findPostedAlert(LEADS, { outboxId: 31, dedupeKey: 'alert:7:post' }, new Date()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ChannelSendError);
    expect(error).toMatchObject({ retryable: false, details: { code: 'missing_scope' } });
  });
});
