import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSurveyInbound } from '../../../src/app/surveys/survey-inbound.js';
import { summarizeSurveyRates } from '../../../src/domain/survey/survey-rates.js';
import { createHttpApp } from '../../../src/http/create-app.js';
import { createLogger } from '../../../src/logger.js';
import { createMetrics } from '../../../src/metrics.js';
import type { Store } from '../../../src/ports/store.js';
import { openTestStore } from '../../support/store.js';
import { manualClock, PHONE, seedSolvedTicket, surveyHarness, surveySettings } from '../../support/survey-harness.js';

const TOKEN = 'lead-dashboard-token-0123';
let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

describe('summarizeSurveyRates', () => {
  it('counts sent and answered per channel and journey rule, and skips per policy rule', () => {
    const g = (over: Partial<Parameters<typeof summarizeSurveyRates>[0][number]>) => ({
      channel: 'sms',
      journeyRule: null,
      status: 'sent',
      skipRule: null,
      sent: true,
      answered: false,
      count: 1,
      ...over,
    });
    const rates = summarizeSurveyRates([
      g({ count: 3 }),
      g({ status: 'answered', answered: true, count: 1 }),
      g({ channel: 'slack', journeyRule: 2, status: 'awaiting_verbatim', answered: true, count: 2 }),
      g({ status: 'skipped', sent: false, skipRule: 'cooldown', count: 4 }),
      g({ status: 'cancelled', sent: false, skipRule: 'ticket_still_solved', count: 1 }),
      g({ status: 'scheduled', sent: false, count: 5 }),
    ]);
    expect(rates).toEqual({
      total: { sent: 6, answered: 3, responseRate: 0.5 },
      byChannel: {
        sms: { sent: 4, answered: 1, responseRate: 0.25 },
        slack: { sent: 2, answered: 2, responseRate: 1 },
      },
      byJourneyRule: {
        default: { sent: 4, answered: 1, responseRate: 0.25 },
        'rule 2': { sent: 2, answered: 2, responseRate: 1 },
      },
      skippedByRule: { cooldown: 4, ticket_still_solved: 1 },
    });
    expect(summarizeSurveyRates([]).total).toEqual({ sent: 0, answered: 0, responseRate: null });
  });
});

describe('survey rates in the API and /metrics', () => {
  it('reports what the stored surveys say', async () => {
    const clock = manualClock('2026-03-02T13:00:00Z');
    const h = surveyHarness(store, clock, surveySettings({ cooldownDays: 0 }));
    const inbound = createSurveyInbound(h.deps);
    for (const ticketId of [501, 502]) await seedSolvedTicket(store, { ticketId, at: clock.now() });
    await seedSolvedTicket(store, { ticketId: 503, at: clock.now(), tags: ['no_survey'] });
    for (const ticketId of [501, 502, 503])
      await h.events.emit({ type: 'ticket.solved', ticketId, status: 'solved', at: clock.now() });
    await h.drainOutbox();
    await inbound.handleSmsReply({
      messageSid: 'SM1',
      from: PHONE,
      body: '7',
      optOutType: null,
      receivedAt: clock.now(),
    });

    const app = createHttpApp({
      store,
      logger: createLogger({ level: 'silent' }),
      metrics: createMetrics({ collectDefaults: false }),
      dashboardToken: TOKEN,
      zendeskWebhook: (_req, res) => void res.sendStatus(204),
    });
    await request(app).get('/api/surveys/rates').expect(401);
    const res = await request(app).get('/api/surveys/rates').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.body).toEqual({
      total: { sent: 2, answered: 1, responseRate: 0.5 },
      byChannel: { sms: { sent: 2, answered: 1, responseRate: 0.5 } },
      byJourneyRule: { default: { sent: 2, answered: 1, responseRate: 0.5 } },
      skippedByRule: { not_tagged_no_survey: 1 },
    });
    const metrics = (await request(app).get('/metrics').expect(200)).text;
    expect(metrics).toContain('effortless_surveys{channel="sms",journey_rule="all",outcome="sent"} 2');
    expect(metrics).toContain('effortless_surveys{channel="all",journey_rule="default",outcome="answered"} 1');
    expect(metrics).toContain('effortless_survey_response_rate{channel="sms",journey_rule="all"} 0.5');
    expect(metrics).toContain('effortless_surveys_skipped{rule="not_tagged_no_survey"} 1');
  });
});
