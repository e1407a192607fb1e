import { describe, expect, it } from 'vitest';
import {
  evaluateSurveyPolicy,
  SURVEY_POLICY_RULES,
  type SurveyPolicyContext,
} from '../../../src/domain/survey/policy.js';

const NOW = new Date('2026-03-10T12:00:00Z');
const DAY = 24 * 3_600_000;
const OK: SurveyPolicyContext = {
  now: NOW,
  channelsConfigured: { sms: true, slack: false },
  candidateChannels: ['sms'],
  optedOut: false,
  lastSurveyToCustomerAt: null,
  cooldownDays: 7,
  ticketAlreadySurveyed: false,
  ticket: { status: 'solved', tags: ['order'] },
};
const ctx = (overrides: Partial<SurveyPolicyContext>): SurveyPolicyContext => ({ ...OK, ...overrides });
const ticket = (status: string, tags: string[] = []) => ({ ticket: { status, tags } });

describe('evaluateSurveyPolicy', () => {
  it.each([
    { name: 'everything in order', ctx: OK },
    { name: 'closed counts as done', ctx: ctx(ticket('closed')) },
    { name: 'status in capitals', ctx: ctx(ticket('Solved')) },
    {
      name: 'only Slack configured',
      ctx: ctx({ channelsConfigured: { sms: false, slack: true }, candidateChannels: ['slack'] }),
    },
    { name: 'cooldown over exactly now', ctx: ctx({ lastSurveyToCustomerAt: new Date(NOW.getTime() - 7 * DAY) }) },
    {
      name: 'cooldown 0 turns it off',
      ctx: ctx({ lastSurveyToCustomerAt: new Date(NOW.getTime() - 1000), cooldownDays: 0 }),
    },
    { name: 'a tag that merely contains spam', ctx: ctx(ticket('solved', ['antispam_check'])) },
  ])('says yes: $name', ({ ctx }) => {
    expect(evaluateSurveyPolicy(ctx)).toEqual({ ok: true });
  });

  it.each([
    {
      name: 'no channel configured',
      ctx: ctx({ channelsConfigured: { sms: false, slack: false } }),
      rule: 'integration_configured',
      reason: /no survey channel is configured/,
    },
    { name: 'deleted ticket', ctx: ctx(ticket('deleted')), rule: 'not_spam_merged_or_deleted', reason: /deleted/ },
    {
      name: 'spam tag',
      ctx: ctx(ticket('solved', ['SPAM'])),
      rule: 'not_spam_merged_or_deleted',
      reason: /tagged spam/,
    },
    {
      name: 'merged ticket',
      ctx: ctx(ticket('closed', ['closed_by_merge'])),
      rule: 'not_spam_merged_or_deleted',
      reason: /tagged closed_by_merge/,
    },
    {
      name: 'reopened',
      ctx: ctx(ticket('open')),
      rule: 'ticket_still_solved',
      reason: /no longer solved \(status open\)/,
    },
    { name: 'pending again', ctx: ctx(ticket('pending')), rule: 'ticket_still_solved', reason: /status pending/ },
    { name: 'on hold', ctx: ctx(ticket('hold')), rule: 'ticket_still_solved', reason: /status hold/ },
    {
      name: 'already surveyed',
      ctx: ctx({ ticketAlreadySurveyed: true }),
      rule: 'one_survey_per_ticket',
      reason: /already has a survey/,
    },
    { name: 'opted out', ctx: ctx({ optedOut: true }), rule: 'not_opted_out', reason: /opted out/ },
    { name: 'unreachable', ctx: ctx({ candidateChannels: [] }), rule: 'customer_reachable', reason: /not reachable/ },
    {
      name: 'surveyed two days ago',
      ctx: ctx({ lastSurveyToCustomerAt: new Date(NOW.getTime() - 2 * DAY) }),
      rule: 'cooldown',
      reason: /surveyed at 2026-03-08T12:00:00.000Z; cooldown of 7 days until 2026-03-15T12:00:00.000Z/,
    },
    {
      name: 'a millisecond before the cooldown ends',
      ctx: ctx({ lastSurveyToCustomerAt: new Date(NOW.getTime() - 7 * DAY + 1) }),
      rule: 'cooldown',
      reason: /cooldown/,
    },
  ])('says no: $name -> $rule', ({ ctx, rule, reason }) => {
    const decision = evaluateSurveyPolicy(ctx);
    expect(decision).toMatchObject({ ok: false, rule });
    expect(decision.ok ? '' : decision.reason).toMatch(reason);
  });

  it('runs the rules in the documented order', () => {
    expect(SURVEY_POLICY_RULES.map((rule) => rule.name)).toEqual([
      'integration_configured',
      'not_spam_merged_or_deleted',
      'ticket_still_solved',
      'one_survey_per_ticket',
      'not_opted_out',
      'customer_reachable',
      'cooldown',
    ]);
  });

  // Everything fails; switching the failures off one at a time shows which rule wins next.
  const allFail = ctx({
    channelsConfigured: { sms: false, slack: false },
    ...ticket('deleted', ['spam']),
    ticketAlreadySurveyed: true,
    optedOut: true,
    candidateChannels: [],
    lastSurveyToCustomerAt: NOW,
  });
  it.each([
    { name: 'all fail', ctx: allFail, rule: 'integration_configured' },
    {
      name: 'configured',
      ctx: { ...allFail, channelsConfigured: { sms: true, slack: true } },
      rule: 'not_spam_merged_or_deleted',
    },
    {
      name: '+ a real ticket, reopened',
      ctx: { ...allFail, channelsConfigured: { sms: true, slack: true }, ...ticket('open') },
      rule: 'ticket_still_solved',
    },
    {
      name: '+ solved',
      ctx: { ...allFail, channelsConfigured: { sms: true, slack: true }, ...ticket('solved') },
      rule: 'one_survey_per_ticket',
    },
    {
      name: '+ not surveyed',
      ctx: {
        ...allFail,
        channelsConfigured: { sms: true, slack: true },
        ...ticket('solved'),
        ticketAlreadySurveyed: false,
      },
      rule: 'not_opted_out',
    },
    {
      name: '+ not opted out',
      ctx: {
        ...allFail,
        channelsConfigured: { sms: true, slack: true },
        ...ticket('solved'),
        ticketAlreadySurveyed: false,
        optedOut: false,
      },
      rule: 'customer_reachable',
    },
    {
      name: '+ reachable',
      ctx: {
        ...allFail,
        channelsConfigured: { sms: true, slack: true },
        ...ticket('solved'),
        ticketAlreadySurveyed: false,
        optedOut: false,
        candidateChannels: ['sms' as const],
      },
      rule: 'cooldown',
    },
  ])('first failing rule wins: $name -> $rule', ({ ctx, rule }) => {
    expect(evaluateSurveyPolicy(ctx)).toMatchObject({ ok: false, rule });
  });

  it('takes its rules as a parameter', () => {
    const rules = [{ name: 'cooldown' as const, check: () => 'always no' }];
    expect(evaluateSurveyPolicy(OK, rules)).toEqual({ ok: false, rule: 'cooldown', reason: 'always no' });
    expect(evaluateSurveyPolicy(ctx({ optedOut: true }), [])).toEqual({ ok: true });
  });
});
