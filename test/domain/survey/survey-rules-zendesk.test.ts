import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mapAudit, mapTicket, mapUser } from '../../../integrations/zendesk/map.js';
import { buildTimeline } from '../../../src/domain/build-timeline.js';
import { conversationFacts } from '../../../src/domain/survey/conversation-facts.js';
import {
  type ConversationRuleSettings,
  DEFAULT_CONVERSATION_RULE_SETTINGS,
} from '../../../src/domain/survey/conversation-rules.js';
import { DEFAULT_SURVEY_EXCLUSIONS, type SurveyExclusions } from '../../../src/domain/survey/exclusion-rules.js';
import { evaluateSurveyRules, surveyPolicyRules } from '../../../src/domain/survey/survey-rules.js';
import { loadFixture } from '../../integrations/zendesk/load-fixture.js';
import { validateAgainstSpec } from '../../support/openapi.js';

const SPEC = fileURLToPath(new URL('../../specs/zendesk_support_api.yaml', import.meta.url));
const BOT = 8000;
const CASES = [
  'agent-replied-and-solved',
  'trigger-solved',
  'automation-solved',
  'agent-created-for-customer',
  'agent-for-themselves',
  'api-created',
  'macro-no-survey',
  'no-public-reply',
  'answer-bot-solved',
  'phone-call-solved',
] as const;
type CaseName = (typeof CASES)[number];
type CaseFile = { ticket: Record<string, unknown>; audits: unknown[]; user: Record<string, unknown> };

const load = (name: CaseName) => loadFixture<CaseFile>(`survey-rules/${name}.json`);

/** The policy's verdicts for a fixture, mapped as the service maps Zendesk's answers. */
function judge(
  name: CaseName,
  options: { skip?: Partial<ConversationRuleSettings>; exclude?: Partial<SurveyExclusions> } = {},
) {
  const raw = load(name);
  const ticket = mapTicket(raw.ticket);
  const requester = mapUser(raw.user);
  const audits = raw.audits.map(mapAudit);
  const timeline = buildTimeline({
    ticketId: ticket.id,
    requesterId: ticket.requesterId,
    createdAt: ticket.createdAt,
    audits,
    botUserId: BOT,
  });
  const rules = surveyPolicyRules({
    skip: { ...DEFAULT_CONVERSATION_RULE_SETTINGS, ...options.skip },
    exclude: { ...DEFAULT_SURVEY_EXCLUSIONS, ...options.exclude },
  });
  return evaluateSurveyRules(
    {
      now: new Date('2025-05-10T12:00:00Z'),
      channelsConfigured: { sms: true, slack: false },
      candidateChannels: ['sms'],
      optedOut: false,
      lastSurveyToCustomerAt: null,
      cooldownDays: 7,
      ticketAlreadySurveyed: false,
      ticket: {
        status: ticket.status,
        tags: ticket.tags,
        groupId: ticket.groupId,
        formId: ticket.formId,
        brandId: ticket.brandId ?? null,
        organizationId: ticket.organizationId ?? null,
      },
      conversation: conversationFacts(audits, timeline),
      requester: { id: ticket.requesterId, role: requester.role ?? null, email: requester.email },
      ticketId: ticket.id,
      sampleRate: 1,
    },
    rules,
  );
}

describe('survey-rules fixtures match zendesk_support_api.yaml', () => {
  it.each(CASES)('%s', (name) => {
    const raw = load(name);
    const id = raw.ticket.id as number;
    const checks = [
      { path: `/api/v2/tickets/${id}.json`, body: { ticket: raw.ticket } },
      { path: `/api/v2/tickets/${id}/audits.json`, body: { audits: raw.audits, next_page: null, previous_page: null } },
      { path: `/api/v2/users/${raw.user.id}.json`, body: { user: raw.user } },
    ];
    for (const { path, body } of checks)
      expect(validateAgainstSpec(SPEC, { method: 'GET', path, status: 200, body }), path).toEqual([]);
  });
});

describe('survey policy on real audit shapes', () => {
  it.each(['agent-replied-and-solved', 'phone-call-solved'] as const)(
    'lets a real conversation through, every rule passing: %s',
    (name) => {
      const outcome = judge(name);
      expect(outcome.skip).toBeNull();
      expect(outcome.verdicts.every((v) => v.verdict === 'pass')).toBe(true);
    },
  );

  it.each([
    { name: 'trigger-solved', rule: 'solved_by_a_person', reason: 'solved by a trigger (audit 70204)' },
    { name: 'automation-solved', rule: 'solved_by_a_person', reason: 'solved by an automation (audit 70303)' },
    {
      name: 'agent-created-for-customer',
      rule: 'customer_took_part',
      reason: 'the ticket was created by user 7101 for the requester, who never wrote',
    },
    { name: 'agent-for-themselves', rule: 'requester_not_agent', reason: 'the requester 7101 is a Zendesk agent' },
    {
      name: 'api-created',
      rule: 'customer_took_part',
      reason: 'the ticket was created through the API and the customer never wrote',
    },
    { name: 'macro-no-survey', rule: 'not_tagged_no_survey', reason: 'the ticket is tagged no_survey' },
    {
      name: 'no-public-reply',
      rule: 'agent_replied_publicly',
      reason: 'no agent replied publicly (or called) before the solve',
    },
    {
      name: 'answer-bot-solved',
      rule: 'agent_replied_publicly',
      reason: 'no agent replied publicly (or called) before the solve',
    },
  ] as const)('$name: $rule says no', ({ name, rule, reason }) => {
    expect(judge(name).skip).toEqual({ rule, reason });
  });

  it.each([
    { name: 'trigger-solved', key: 'solvedByAutomation' },
    { name: 'automation-solved', key: 'solvedByAutomation' },
    { name: 'agent-created-for-customer', key: 'noCustomerMessage' },
    { name: 'api-created', key: 'noCustomerMessage' },
    { name: 'no-public-reply', key: 'noPublicAgentReply' },
  ] as const)('$name goes through with surveys.skip.$key off, the rule shown as off', ({ name, key }) => {
    const outcome = judge(name, { skip: { [key]: false } });
    expect(outcome.skip).toBeNull();
    expect(outcome.verdicts).toContainEqual(
      expect.objectContaining({ verdict: 'off', reason: `surveys.skip.${key} is false` }),
    );
  });

  it('an agent asking for themselves is caught by customer_took_part when requester_not_agent is off', () => {
    expect(judge('agent-for-themselves', { skip: { agentRequester: false } }).skip).toEqual({
      rule: 'customer_took_part',
      reason: 'the ticket was created by agent 7101 for themselves',
    });
  });

  it('a solve through Answer Bot is a bot solve once the public-reply rule is off', () => {
    expect(judge('answer-bot-solved', { skip: { noPublicAgentReply: false } }).skip).toEqual({
      rule: 'solved_by_a_person',
      reason: 'solved by a bot (via answer_bot_for_web_widget) (audit 70902)',
    });
  });

  it('a solve by a configured bot user is a bot solve', () => {
    expect(judge('agent-replied-and-solved', { skip: { botUserIds: [7101] } }).skip).toEqual({
      rule: 'solved_by_a_person',
      reason: 'solved by bot user 7101 (audit 70104)',
    });
  });

  it.each([
    {
      exclude: { tags: ['damaged_goods'] },
      rule: 'not_tagged_no_survey',
      reason: 'the ticket is tagged damaged_goods',
    },
    { exclude: { tags: [] }, name: 'macro-no-survey' as const, rule: null, reason: null },
    {
      exclude: { groupIds: [360100] },
      rule: 'group_not_excluded',
      reason: "the ticket's group 360100 is excluded from surveys",
    },
    {
      exclude: { formIds: [360010] },
      rule: 'form_not_excluded',
      reason: "the ticket's form 360010 is excluded from surveys",
    },
    {
      exclude: { brandIds: [360020] },
      rule: 'brand_not_excluded',
      reason: "the ticket's brand 360020 is excluded from surveys",
    },
    {
      exclude: { organizationIds: [4401] },
      rule: 'organization_not_excluded',
      reason: "the ticket's organization 4401 is excluded from surveys",
    },
    {
      exclude: { emailDomains: ['EXAMPLE.com'] },
      rule: 'email_domain_not_excluded',
      reason: "the requester's email domain example.com is excluded (example.com)",
    },
    { exclude: { emailDomains: ['ample.com'] }, rule: null, reason: null },
    { exclude: { groupIds: [1], formIds: [2], brandIds: [3], organizationIds: [4] }, rule: null, reason: null },
  ])('exclusion $exclude -> $rule', ({ exclude, name, rule, reason }) => {
    const outcome = judge(name ?? 'agent-replied-and-solved', { exclude });
    expect(outcome.skip).toEqual(rule === null ? null : { rule, reason });
  });
});
