import type { AuditOrigin, ConversationFacts } from './conversation-facts.js';
import type { NamedSurveyRule } from './survey-rule.js';

/** `surveys.skip` of EFFORTLESS_CONFIG: each rule is on unless switched off. */
export interface ConversationRuleSettings {
  noPublicAgentReply: boolean;
  solvedByAutomation: boolean;
  noCustomerMessage: boolean;
  agentRequester: boolean;
  /** Users that are bots (a messaging flow's bot user, an AI agent's user): a solve by one is automated. */
  botUserIds: number[];
}

export const DEFAULT_CONVERSATION_RULE_SETTINGS: ConversationRuleSettings = Object.freeze({
  noPublicAgentReply: true,
  solvedByAutomation: true,
  noCustomerMessage: true,
  agentRequester: true,
  botUserIds: [],
}) as ConversationRuleSettings;

export interface ConversationRuleContext {
  conversation: ConversationFacts;
  requester: { id: number | null; role: string | null };
}

export type ConversationRuleName =
  | 'requester_not_agent'
  | 'customer_took_part'
  | 'agent_replied_publicly'
  | 'solved_by_a_person';

/** Zendesk user roles that are staff; `end-user` is the customer. */
const STAFF_ROLES = ['agent', 'admin'];

function isStaff(role: string | null): boolean {
  return role !== null && STAFF_ROLES.includes(role.toLowerCase());
}

/** Via types of Zendesk's own bots (Answer Bot and its variants) and AI agents. */
const BOT_CHANNEL_PREFIXES = ['answer_bot', 'ai_agent'];

/**
 * Rules that skip what was not a real conversation with a customer. Order: who asked
 * (an agent is not a customer), whether the customer took part at all, whether a person
 * answered publicly, and last how it was solved.
 */
export function conversationRules(
  settings: ConversationRuleSettings,
): Array<NamedSurveyRule<ConversationRuleContext, ConversationRuleName>> {
  const off = (on: boolean, key: keyof ConversationRuleSettings) => (on ? {} : { off: `surveys.skip.${key} is false` });
  return [
    {
      name: 'requester_not_agent',
      ...off(settings.agentRequester, 'agentRequester'),
      check: ({ requester }) =>
        isStaff(requester.role) ? `the requester ${requester.id} is a Zendesk ${requester.role}` : null,
    },
    {
      name: 'customer_took_part',
      ...off(settings.noCustomerMessage, 'noCustomerMessage'),
      check: ({ conversation, requester }) => {
        const { creation, customerMessages } = conversation;
        if (!creation) return null;
        const byRequester = creation.authorId !== null && creation.authorId === requester.id;
        if (byRequester && isStaff(requester.role))
          return `the ticket was created by ${requester.role} ${requester.id} for themselves`;
        if (customerMessages > 0) return null;
        if (creation.channel === 'api') return 'the ticket was created through the API and the customer never wrote';
        if (creation.authorId !== null && !byRequester)
          return `the ticket was created by user ${creation.authorId} for the requester, who never wrote`;
        return null;
      },
    },
    {
      name: 'agent_replied_publicly',
      ...off(settings.noPublicAgentReply, 'noPublicAgentReply'),
      check: ({ conversation }) =>
        conversation.agentPublicReplies > 0 ? null : 'no agent replied publicly (or called) before the solve',
    },
    {
      name: 'solved_by_a_person',
      ...off(settings.solvedByAutomation, 'solvedByAutomation'),
      check: ({ conversation }) => automatedSolve(conversation.solving, settings.botUserIds),
    },
  ];
}

/** Why the solving audit was no person's doing, or null when a person solved it. */
function automatedSolve(solving: AuditOrigin | null, botUserIds: readonly number[]): string | null {
  if (!solving) return null;
  const at = `(audit ${solving.auditId})`;
  if (solving.channel === 'rule') {
    if (solving.rel === 'trigger') return `solved by a trigger ${at}`;
    if (solving.rel === 'automation') return `solved by an automation ${at}`;
    return `solved by a business rule ${at}`;
  }
  if (solving.channel === 'system') return `solved by Zendesk itself ${at}`;
  if (BOT_CHANNEL_PREFIXES.some((prefix) => solving.channel.startsWith(prefix)))
    return `solved by a bot (via ${solving.channel}) ${at}`;
  if (solving.authorId !== null && botUserIds.includes(solving.authorId))
    return `solved by bot user ${solving.authorId} ${at}`;
  return null;
}
