import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatSurveyExplanation } from '../../../compose/cli/survey-command.js';
import { mapAudit, mapTicket, mapUser } from '../../../integrations/zendesk/map.js';
import { explainSurvey } from '../../../src/app/surveys/explain-survey.js';
import { createHttpApp } from '../../../src/http/create-app.js';
import { createLogger } from '../../../src/logger.js';
import { createMetrics } from '../../../src/metrics.js';
import type { Store } from '../../../src/ports/store.js';
import { FakeZendesk } from '../../support/fake-zendesk.js';
import { openTestStore } from '../../support/store.js';
import { loadFixture } from '../../integrations/zendesk/load-fixture.js';
import { manualClock, surveyHarness, surveySettings } from '../../support/survey-harness.js';

const TOKEN = 'lead-dashboard-token-0123';
let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

/** A Zendesk holding the fixture's ticket, audits and requester, as the client maps them. */
function zendeskWith(...names: string[]) {
  const zendesk = new FakeZendesk(8000);
  for (const name of names) {
    const raw = loadFixture<{ ticket: unknown; audits: unknown[]; user: unknown }>(`survey-rules/${name}.json`);
    const ticket = mapTicket(raw.ticket);
    zendesk.tickets.set(ticket.id, ticket);
    zendesk.audits.set(ticket.id, raw.audits.map(mapAudit));
    const user = mapUser(raw.user);
    zendesk.users.set(user.id, user);
  }
  return zendesk;
}

function explainer(zendesk: FakeZendesk, settings = surveySettings()) {
  const { deps } = surveyHarness(store, manualClock('2025-05-10T12:00:00Z'), settings);
  return (ticketId: number) => explainSurvey({ ...deps, zendesk }, ticketId);
}

describe('survey explain', () => {
  it('says which rule, question and channel a real conversation would get, and sends or stores nothing', async () => {
    const explain = explainer(zendeskWith('agent-replied-and-solved'));
    const explanation = await explain(701);
    expect(explanation).toMatchObject({
      ticketId: 701,
      status: 'solved',
      journey: { rule: null, when: null, sample: 1 },
      question: { kind: 'CES', wording: 'ease', language: 'nl', text: expect.stringMatching(/^Hoe makkelijk/) },
      channel: { chosen: 'slack', candidates: ['slack'], address: 'l***@example.com' },
      decision: { send: true },
      existingSurvey: null,
    });
    expect(explanation!.verdicts.map((v) => v.verdict)).toEqual(explanation!.verdicts.map(() => 'pass'));
    expect(await store.surveys.getByTicket(701)).toBeNull();
    expect(await store.outbox.countByStatus()).toEqual({});
  });

  it('gives every rule’s verdict with its reason for a trigger-solved ticket', async () => {
    const explanation = await explainer(zendeskWith('trigger-solved'))(702);
    expect(explanation!.decision).toEqual({
      send: false,
      rule: 'solved_by_a_person',
      reason: 'solved by a trigger (audit 70204)',
    });
    expect(explanation!.verdicts.filter((v) => v.verdict !== 'pass')).toEqual([
      { rule: 'solved_by_a_person', verdict: 'fail', reason: 'solved by a trigger (audit 70204)' },
    ]);
    const lines = formatSurveyExplanation(explanation!);
    expect(lines[0]).toBe('ticket 702 (status solved); nothing is sent');
    expect(lines).toContain('no journey rule matched: the default (CES)');
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}fail solved_by_a_person +solved by a trigger \(audit 70204\)$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}pass cooldown$/));
    expect(lines.at(-1)).toBe('decision: no survey (solved_by_a_person: solved by a trigger (audit 70204))');
  });

  it('names the journey rule that matched, its sampling, and a switched-off rule', async () => {
    const base = surveySettings();
    const settings = surveySettings({
      rules: [
        { when: { tags: ['returns'] }, ask: 'CSAT' },
        { when: { tags: ['damaged_goods'] }, ask: 'CES', sample: 0.5 },
      ],
      policy: { ...base.policy, skip: { ...base.policy.skip, solvedByAutomation: false } },
    });
    const explanation = await explainer(zendeskWith('automation-solved'), settings)(703);
    expect(explanation!.journey).toEqual({ rule: 2, when: { tags: ['damaged_goods'] }, sample: 0.5 });
    expect(explanation!.verdicts).toContainEqual({
      rule: 'solved_by_a_person',
      verdict: 'off',
      reason: 'surveys.skip.solvedByAutomation is false',
    });
    const lines = formatSurveyExplanation(explanation!);
    expect(lines[1]).toBe('journey rule 2 when {"tags":["damaged_goods"]}, sampling 0.5');
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}off {2}solved_by_a_person +surveys\.skip\.solvedByAutomation is false$/),
    );
  });

  it('answers null for a ticket Zendesk does not have', async () => {
    expect(await explainer(zendeskWith())(404)).toBeNull();
  });
});

describe('GET /api/tickets/{id}/survey-decision', () => {
  function app(explain: ((id: number) => ReturnType<ReturnType<typeof explainer>>) | null) {
    return createHttpApp({
      store,
      logger: createLogger({ level: 'silent' }),
      metrics: createMetrics({ collectDefaults: false }),
      dashboardToken: TOKEN,
      zendeskWebhook: (_req, res) => void res.sendStatus(204),
      explainSurveyDecision: explain,
    });
  }
  const auth = `Bearer ${TOKEN}`;

  it('answers the same explanation as the verb, behind the dashboard token', async () => {
    const explain = explainer(zendeskWith('macro-no-survey'));
    await request(app(explain)).get('/api/tickets/707/survey-decision').expect(401);
    const res = await request(app(explain))
      .get('/api/tickets/707/survey-decision')
      .set('Authorization', auth)
      .expect(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(await explain(707))));
    expect(res.body.decision).toEqual({
      send: false,
      rule: 'not_tagged_no_survey',
      reason: 'the ticket is tagged no_survey',
    });
  });

  it('400 for a bad id, 404 for an unknown ticket, 503 while Zendesk is off', async () => {
    const explain = explainer(zendeskWith());
    await request(app(explain)).get('/api/tickets/abc/survey-decision').set('Authorization', auth).expect(400);
    await request(app(explain)).get('/api/tickets/404/survey-decision').set('Authorization', auth).expect(404);
    const off = await request(app(null)).get('/api/tickets/1/survey-decision').set('Authorization', auth).expect(503);
    expect(off.body.error).toBe('zendesk_off');
  });
});
