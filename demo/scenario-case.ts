/** One demo case: its audits in order (as steps with relative timing) and its final ticket. */
import type { Rng } from '../src/domain/alerts/seeded-random.js';
import { normal } from '../src/domain/alerts/seeded-random.js';
import { channelFamily, DEFAULT_CHANNEL_FAMILIES } from '../src/domain/driver-definitions.js';
import type { StandInAuditEvent, StandInTicket, StandInVia } from './stand-ins/zendesk-shapes.js';
import { DEMO_TEAMS, teamById, type DemoCustomer, type DemoFacts, type DemoTeam } from './scenario-model.js';
import { integer, pick, shuffle, uniform, weighted } from './scenario-random.js';
import * as text from './scenario-text.js';

const HOUR_S = 3600;
/** Zendesk `via.channel` values the customer may use; sms and voice need a phone number. */
export const FIRST_CHANNELS: ReadonlyArray<readonly [string, number]> = [
  ['email', 35],
  ['web', 25],
  ['chat', 15],
  ['voice', 15],
  ['sms', 10],
];
export const PHONE_CHANNELS: ReadonlySet<string> = new Set(['voice', 'sms']);
/** Share of channel switches that go to a call, for customers with a phone. */
const SWITCH_TO_VOICE = 0.9;
/** A fresh object each time: audits share nothing, so a caller may change one safely. */
const triggerVia = (title: string): StandInVia => ({
  channel: 'rule',
  source: { from: { id: 22472716, title }, to: {}, rel: 'trigger' },
});

export interface CasePlan {
  ticketId: number;
  customer: DemoCustomer;
  owner: DemoTeam;
  handoffs: number;
  switches: number;
  reopened: boolean;
  firstChannel: string;
}

/** An audit without id and time: it follows the previous step after a fixed gap or a share of the case's duration. */
export interface Step {
  gap: { fixed: number } | { weight: number };
  author_id: number;
  via: StandInVia;
  events: StandInAuditEvent[];
}

export interface CaseDraft {
  steps: Step[];
  /** Seconds from creation to the final solve that the weighted gaps share. */
  durationSec: number;
  ticket: Omit<StandInTicket, 'created_at' | 'updated_at'>;
  facts: DemoFacts;
}

export function draftCase(plan: CasePlan, rng: Rng): CaseDraft {
  const { customer, owner } = plan;
  const requester = customer.user.id;
  const locale: text.DemoLocale = customer.user.locale === 'nl' ? 'nl' : 'en';
  const path = groupPath(rng, owner.id, plan.handoffs);
  const firstTeam = teamById(path[0]!);
  const subject = pick(rng, text.SUBJECTS[firstTeam.tag] ?? [{ en: 'Question', nl: 'Vraag' }])[locale];
  const firstBody = text.FIRST_MESSAGE[locale](subject);
  const steps: Step[] = [];
  const customerChannels = [plan.firstChannel];
  let channel = plan.firstChannel;
  let group = firstTeam.id;
  let agent = pick(rng, firstTeam.agents);

  const customerStep = (gap: number, body: string, extra: StandInAuditEvent[] = []): void => {
    steps.push({
      gap: { weight: gap },
      author_id: requester,
      via: viaFor(channel, customer, plan.ticketId),
      events: [customerComment(rng, channel, body), ...chatStarted(channel, plan.ticketId), ...extra],
    });
    customerChannels.push(channel);
  };
  const agentStep = (gap: number, events: StandInAuditEvent[]): void => {
    steps.push({ gap: { weight: gap }, author_id: agent, via: { channel: 'web' }, events });
  };
  const reply = (body: string): StandInAuditEvent => ({ type: 'Comment', body, public: true });

  const tags = [firstTeam.tag];
  steps.push({
    gap: { fixed: 0 },
    author_id: requester,
    via: viaFor(channel, customer, plan.ticketId),
    events: [
      customerComment(rng, channel, firstBody),
      ...chatStarted(channel, plan.ticketId),
      { type: 'Create', field_name: 'status', value: 'new' },
      { type: 'Create', field_name: 'group_id', value: String(group) },
      { type: 'Create', field_name: 'tags', value: [...tags] },
    ],
  });
  const trigger = rng() < 0.8;
  if (trigger)
    steps.push({
      gap: { fixed: 2 },
      author_id: -1,
      via: triggerVia('Open new tickets'),
      events: [statusChange('open', 'new')],
    });
  agentStep(1.5, [
    reply(pick(rng, text.AGENT_REPLIES)),
    { type: 'Change', field_name: 'assignee_id', value: String(agent), previous_value: null },
    ...(trigger ? [] : [statusChange('open', 'new')]),
  ]);

  const middle: Array<'handoff' | 'switch' | 'followup'> = [
    ...Array<'handoff'>(plan.handoffs).fill('handoff'),
    ...Array<'switch'>(plan.switches).fill('switch'),
    ...(rng() < 0.15 ? ['followup' as const] : []),
  ];
  let hop = 1;
  for (const kind of shuffle(rng, middle)) {
    if (kind === 'handoff') {
      const next = teamById(path[hop++]!);
      const nextAgent = pick(rng, next.agents);
      const moves: StandInAuditEvent[] = [
        { type: 'Change', field_name: 'group_id', value: String(next.id), previous_value: String(group) },
        { type: 'Change', field_name: 'assignee_id', value: String(nextAgent), previous_value: String(agent) },
      ];
      // Most moves are an agent passing the case on; some are a routing trigger.
      if (rng() < 0.2)
        steps.push({ gap: { weight: 1 }, author_id: -1, via: triggerVia(`Route to ${next.name}`), events: moves });
      else agentStep(1, [{ type: 'Comment', body: `Passing this to ${next.name}.`, public: false }, ...moves]);
      group = next.id;
      agent = nextAgent;
      if (rng() < 0.7) agentStep(0.8, [reply(`Hi, this is ${next.name}. I have taken over your case.`)]);
    } else {
      if (kind === 'switch') channel = switchChannel(rng, channel, Boolean(customer.user.phone));
      customerStep(1, pick(rng, text.FOLLOW_UPS[locale]));
      agentStep(0.6, [reply(pick(rng, text.AGENT_REPLIES))]);
    }
  }
  if (plan.reopened) {
    agentStep(1, [reply(pick(rng, text.SOLVE_REPLIES)), statusChange('solved', 'open')]);
    customerStep(4, pick(rng, text.REOPEN_MESSAGES[locale]), [statusChange('open', 'solved')]);
    agentStep(0.6, [reply(pick(rng, text.AGENT_REPLIES))]);
  }
  agentStep(1, [reply(pick(rng, text.SOLVE_REPLIES)), statusChange('solved', 'open')]);
  if (group !== owner.id) throw new Error(`case ${plan.ticketId} ends in ${group}, not ${owner.id}`);

  const hours =
    Math.min(30, Math.max(1, Math.exp(normal(rng, Math.log(5), 0.9)))) +
    plan.handoffs * uniform(rng, 2, 8) +
    plan.switches * uniform(rng, 1, 4) +
    (plan.reopened ? uniform(rng, 12, 36) : 0);
  return {
    steps,
    durationSec: Math.round(hours * HOUR_S),
    ticket: {
      id: plan.ticketId,
      requester_id: requester,
      submitter_id: requester,
      assignee_id: agent,
      group_id: group,
      status: 'solved',
      via: viaFor(plan.firstChannel, customer, plan.ticketId),
      tags,
      type: rng() < 0.7 ? 'question' : 'incident',
      priority: 'normal',
      subject,
      description: firstBody,
    },
    facts: {
      team: owner.id,
      teamHandoffs: plan.handoffs,
      // A switch is a change of channel family (docs/drivers.md): web form then email is not one.
      channelSwitches: customerChannels.filter(
        (c, i) => i > 0 && familyOf(c) !== familyOf(customerChannels[i - 1] ?? c),
      ).length,
      reopened: plan.reopened,
      phoneTouch: customerChannels.some((c) => PHONE_CHANNELS.has(c)),
    },
  };
}

/** Teams the case visits, ending with its owner; consecutive teams differ, so each move is a handoff. */
function groupPath(rng: Rng, owner: number, handoffs: number): number[] {
  const path = [owner];
  for (let i = 0; i < handoffs; i += 1) {
    path.unshift(
      pick(
        rng,
        DEMO_TEAMS.filter((team) => team.id !== path[0]).map((team) => team.id),
      ),
    );
  }
  return path;
}

/** A move the customer feels: to another channel family (a call, a chat, a text), never web form to email. */
function switchChannel(rng: Rng, current: string, hasPhone: boolean): string {
  if (hasPhone && current !== 'voice' && rng() < SWITCH_TO_VOICE) return 'voice';
  const options = FIRST_CHANNELS.filter(
    ([c]) => familyOf(c) !== familyOf(current) && c !== 'voice' && (hasPhone || !PHONE_CHANNELS.has(c)),
  );
  return weighted(rng, options);
}

function familyOf(channel: string): string {
  return channelFamily(channel, DEFAULT_CHANNEL_FAMILIES);
}

/** A call is logged as a VoiceComment; everything else is a Comment written by the customer. */
function customerComment(rng: Rng, channel: string, body: string): StandInAuditEvent {
  return channel === 'voice'
    ? { type: 'VoiceComment', body: text.callBody(integer(rng, 2, 14)), public: false }
    : { type: 'Comment', body, public: true };
}

/**
 * The channel as Zendesk reports it on this ticket: on even ticket ids a chat came through
 * Zendesk messaging and a text through WhatsApp. Decided by the id, not drawn, so every random
 * draw of the scenario stays as it was; each pair is one channel family, so the drivers and the
 * alerts stay as they were too. Only where the survey is asked changes.
 */
export function reportedChannel(channel: string, ticketId: number): string {
  if (ticketId % 2 !== 0) return channel;
  return channel === 'chat' ? 'native_messaging' : channel === 'sms' ? 'whatsapp' : channel;
}

/** The Conversations conversation of a messaging ticket: 24 hex characters, as Conversations ids are. */
export function demoConversationId(ticketId: number): string {
  return `c0${ticketId.toString(16).padStart(22, '0')}`;
}

/** A messaging touch carries Zendesk's ChatStartedEvent naming its conversation. */
function chatStarted(channel: string, ticketId: number): StandInAuditEvent[] {
  if (reportedChannel(channel, ticketId) !== 'native_messaging') return [];
  const conversationId = demoConversationId(ticketId);
  return [
    {
      type: 'ChatStartedEvent',
      value: { conversation_id: conversationId, chat_id: `demo.${ticketId}`, visitor_id: conversationId, history: [] },
    },
  ];
}

function viaFor(internal: string, customer: DemoCustomer, ticketId: number): StandInVia {
  const channel = reportedChannel(internal, ticketId);
  if (channel !== 'email') return { channel };
  return { channel, source: { from: { address: customer.user.email, name: customer.user.name }, to: {}, rel: null } };
}

function statusChange(value: string, previous: string): StandInAuditEvent {
  return { type: 'Change', field_name: 'status', value, previous_value: previous };
}
