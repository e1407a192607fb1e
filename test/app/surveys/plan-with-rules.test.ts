import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSampled } from '../../../src/domain/survey/sampling.js';
import { effortResponse } from '../../../src/http/effort-api.js';
import type { Store } from '../../../src/ports/store.js';
import { openTestStore } from '../../support/store.js';
import { manualClock, seedSolvedTicket, surveyHarness, surveySettings } from '../../support/survey-harness.js';

let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

const AFTERNOON = '2026-03-02T13:00:00Z';

async function solve(h: ReturnType<typeof surveyHarness>, ticketId: number, at: Date) {
  await h.events.emit({ type: 'ticket.solved', ticketId, status: 'solved', at });
  await h.drainOutbox();
  return store.surveys.getByTicket(ticketId);
}

describe('planning with the survey rules', () => {
  it('records a macro’s no_survey tag as the skip, and sends nothing', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock);
    await seedSolvedTicket(store, { at: clock.now(), tags: ['billing', 'no_survey'] });
    expect(await solve(h, 501, clock.now())).toMatchObject({
      status: 'skipped',
      skipRule: 'not_tagged_no_survey',
      skipReason: 'the ticket is tagged no_survey',
    });
    expect(h.sms.sent).toEqual([]);
  });

  it('skips a case no agent answered publicly, unless surveys.skip.noPublicAgentReply is off', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock);
    await seedSolvedTicket(store, { at: clock.now(), agentReplied: false });
    expect(await solve(h, 501, clock.now())).toMatchObject({ status: 'skipped', skipRule: 'agent_replied_publicly' });

    const policy = surveySettings().policy;
    const lenient = surveyHarness(
      store,
      clock,
      surveySettings({ policy: { ...policy, skip: { ...policy.skip, noPublicAgentReply: false } } }),
    );
    await seedSolvedTicket(store, { ticketId: 502, at: clock.now(), agentReplied: false });
    expect(await solve(lenient, 502, clock.now())).toMatchObject({ status: 'sent' });
  });

  it('samples by the journey rule’s rate, stores the rate, and decides a replay the same way', async () => {
    const clock = manualClock(AFTERNOON);
    const rules = [{ when: {}, ask: 'CES' as const, sample: 0.3 }];
    const h = surveyHarness(store, clock, surveySettings({ rules, cooldownDays: 0 }));
    const ids = Array.from({ length: 12 }, (_, i) => 600 + i);
    for (const id of ids) await seedSolvedTicket(store, { ticketId: id, at: clock.now() });
    for (const id of ids) {
      const survey = await solve(h, id, clock.now());
      expect(survey?.sampleRate).toBe(0.3);
      if (isSampled(id, 0.3)) expect(survey?.status).toBe('sent');
      else
        expect(survey).toMatchObject({
          status: 'skipped',
          skipRule: 'sampled',
          skipReason: 'not in the sample: this journey asks 30% of eligible tickets',
        });
    }
    // A replay of a skipped ticket's solve decides the same.
    const skipped = ids.find((id) => !isSampled(id, 0.3))!;
    expect(await solve(h, skipped, clock.now())).toMatchObject({ status: 'skipped', skipRule: 'sampled' });
  });

  it('asks CES 2.0’s agreement statement in Dutch and stores its wording version', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock, surveySettings({ cesWording: 'agreement' }));
    await seedSolvedTicket(store, { at: clock.now() });
    const survey = await solve(h, 501, clock.now());
    expect(h.sms.sent[0]!.body).toBe(
      '"Acme Support maakte het mij makkelijk om mijn vraag af te handelen." Antwoord 1 (helemaal oneens) t/m 7 (helemaal eens). Stoppen? Stuur STOP.',
    );
    expect(survey).toMatchObject({ wording: 'agreement', wordingVersion: expect.stringMatching(/^ces-agreement\./) });
    // The API shows what reports need to weight and split answers.
    expect(effortResponse((await store.tickets.getEffort(501))!, survey).survey).toMatchObject({
      sampleRate: 1,
      wording: 'agreement',
      wordingVersion: survey!.wordingVersion,
      round: 1,
      reminderSentAt: null,
    });
  });

  it('keeps the ease question by default and says which wording was asked', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock);
    await seedSolvedTicket(store, { at: clock.now(), locale: 'en' });
    const survey = await solve(h, 501, clock.now());
    expect(h.sms.sent[0]!.body).toMatch(/^How easy was it/);
    expect(survey).toMatchObject({
      wording: 'ease',
      wordingVersion: expect.stringMatching(/^ces-ease\./),
      sampleRate: 1,
    });
  });
});
