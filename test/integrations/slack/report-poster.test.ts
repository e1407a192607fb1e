import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createSlackWebClient } from '../../../integrations/slack/client.js';
import { renderReportDigest, reportBlockViolations } from '../../../integrations/slack/report-blocks.js';
import { createSlackReportPoster } from '../../../integrations/slack/report-poster.js';
import { computeReport } from '../../../src/domain/report/compute-report.js';
import type { ReportDigest } from '../../../src/ports/report-channel.js';
import { ChannelSendError } from '../../../src/ports/errors.js';
import { captureLogs } from '../../support/capture-logs.js';
import { validateAgainstSpec } from '../../support/openapi.js';
import { ces, NO_DRIVERS, reportCase } from '../../support/report-cases.js';
import { SPEC, slackReadProblems } from './history-spec.js';
import { loadFixture } from './load-fixture.js';

const API = 'http://slack.test';
const LEADS = 'C0EFFLEADS';
type Json = Record<string, unknown>;

function digest(worstCount = 3): ReportDigest {
  const cases = [
    reportCase(501, {
      effortIndex: 72,
      effortLevel: 'high',
      drivers: { ...NO_DRIVERS, teamHandoffs: 2, firstContactResolution: false },
      survey: ces(2, 'Transferred <three> times & still waiting'),
    }),
    reportCase(502, { groupId: 2, survey: ces(6) }),
  ];
  const figures = computeReport(cases, {
    since: new Date('2026-11-23T00:00:00Z'),
    until: new Date('2026-11-30T00:00:00Z'),
    teamNames: { '1': 'Billing & Payments' },
    worstCount,
    costs: {
      basis: 'fitted',
      costs: { teamHandoffs: { unit: 'each team handoff', perUnit: -0.6, low: -0.8, high: -0.4, n: 1240 } },
    },
    ticketUrl: (id) => `https://acme.zendesk.com/agent/tickets/${id}`,
  });
  return { figures, dashboardUrl: 'https://effort.acme.test/' };
}

function setup() {
  const client = createSlackWebClient({
    botToken: 'xoxb-1-2-test',
    apiUrl: `${API}/api/`,
    logger: captureLogs().logger,
  });
  return { poster: createSlackReportPoster(client), api: nock(API) };
}

describe('report digest blocks', () => {
  it('show the period, headline figures, driver costs, teams and hardest cases, escaped, within Block Kit limits', () => {
    const { text, blocks } = renderReportDigest(digest());
    expect(reportBlockViolations({ text, blocks })).toEqual([]);
    const all = JSON.stringify(blocks);
    expect(all).toContain('Effort report: 2026-11-23 to 2026-11-29');
    expect(all).toContain('each team handoff: -0.60 CES (95% CI -0.80 to -0.40, n = 1,240)');
    expect(all).toContain('Billing &amp; Payments');
    expect(all).toContain('<https://acme.zendesk.com/agent/tickets/501|#501>');
    expect(all).toContain('passed between 3 teams');
    expect(all).not.toContain('<three>');
    expect(text).toMatch(/^Effort report 2026-11-23 to 2026-11-29: 2 cases, CES 4\.00 \(n=2\)/);
  });

  it('many worst cases still fit: long lists are split into sections', () => {
    const big = digest(50);
    big.figures.worstCases = Array.from({ length: 50 }, (_, i) => ({ ...big.figures.worstCases[0]!, ticketId: i + 1 }));
    expect(reportBlockViolations(renderReportDigest(big))).toEqual([]);
  });
});

describe('createSlackReportPoster', () => {
  it('posts the digest with its outbox tag as metadata, as chat.postMessage documents', async () => {
    const { poster, api } = setup();
    const body = loadFixture<Json>('web-api/chat-post-message-alert.json');
    expect(validateAgainstSpec(SPEC, { method: 'POST', path: '/api/chat.postMessage', status: 200, body })).toEqual([]);
    let form: Record<string, string> = {};
    api.post('/api/chat.postMessage').reply((_uri, requestBody) => {
      form = Object.fromEntries(new URLSearchParams(String(requestBody)));
      return [200, body, { 'Content-Type': 'application/json' }];
    });
    const posted = await poster.postReport('#leads', digest(), { outboxId: 9, dedupeKey: 'report:weekly:x' });
    expect(posted).toEqual({ channel: LEADS, ts: '1712577600.000100' });
    expect(form).toMatchObject({ channel: '#leads', unfurl_links: 'false' });
    expect(JSON.parse(form.metadata ?? '{}')).toEqual({
      event_type: 'effortless_outbox',
      event_payload: { outbox_id: 9, dedupe_key: 'report:weekly:x' },
    });
    expect(JSON.parse(form.blocks ?? '[]')).toEqual(renderReportDigest(digest()).blocks);
  });

  it('a Slack refusal is a send error, not a success', async () => {
    const { poster, api } = setup();
    api.post('/api/chat.postMessage').reply(200, loadFixture('web-api/channel-not-found.json'));
    await expect(poster.postReport(LEADS, digest())).rejects.toBeInstanceOf(ChannelSendError);
  });

  it('finds a digest posted by an earlier try by its tag in the channel history', async () => {
    const { poster, api } = setup();
    const history = loadFixture<Json>('web-api/conversations-history-alert-channel.json');
    expect(slackReadProblems('conversations.history', history)).toEqual([]);
    api.post('/api/conversations.history').reply(200, history);
    const found = await poster.findPostedReport(LEADS, { outboxId: 31, dedupeKey: 'alert:7:post' }, new Date());
    expect(found).toEqual({ channel: LEADS, ts: '1712577600.000100' });
    api.post('/api/conversations.history').reply(200, history);
    expect(await poster.findPostedReport(LEADS, { outboxId: 32, dedupeKey: 'report:x' }, new Date())).toBeNull();
  });
});
