import { EventBus } from '../../src/app/event-bus.js';
import { processNextOutboxMessage } from '../../src/app/process-outbox.js';
import { createSurveyReminderSender } from '../../src/app/surveys/send-reminder.js';
import { createSurveySender } from '../../src/app/surveys/send-survey.js';
import type { SurveySettings } from '../../src/app/surveys/settings.js';
import type { SurveyDeps } from '../../src/app/surveys/survey-deps.js';
import { registerSurveyListeners } from '../../src/app/surveys/register-survey-listeners.js';
import { DEFAULT_CONVERSATION_RULE_SETTINGS } from '../../src/domain/survey/conversation-rules.js';
import { DEFAULT_SURVEY_EXCLUSIONS } from '../../src/domain/survey/exclusion-rules.js';
import { DEFAULT_SURVEY_RULES } from '../../src/domain/survey/journey.js';
import type { SlackSurveyView } from '../../src/domain/survey/survey.js';
import type { TicketSnapshot } from '../../src/domain/ticket.js';
import type { TicketAudit } from '../../src/domain/audit.js';
import type { Touch } from '../../src/domain/timeline.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { SURVEY_REMINDER, SURVEY_REPLY, SURVEY_SEND, ZENDESK_TICKET_UPDATE } from '../../src/ports/outbox.js';
import type { OutboxTag } from '../../src/ports/outbox-tag.js';
import type { ContentTemplate, SlackSurveySender, SmsSender } from '../../src/ports/survey-channels.js';
import { createSurveyInbound } from '../../src/app/surveys/survey-inbound.js';
import { FakeMessaging } from './fake-messaging.js';
import { createSurveyReplySender } from '../../src/app/surveys/send-reply.js';
import { DEFAULT_CHANNEL_FALLBACK } from '../../src/domain/survey/channel-choice.js';
import type { Store } from '../../src/ports/store.js';

export const REQUESTER = 9001;
export const PHONE = '+31612345678';

export class FakeSms implements SmsSender {
  sent: Array<{ to: string; body: string; statusCallbackUrl: string | null; template?: ContentTemplate }> = [];
  failWith: Error[] = [];
  /** What Twilio holds: every message it took, also one whose answer a test says was lost. */
  taken: Array<{ sid: string; to: string; body: string; at: Date }> = [];
  lookups: Array<{ to: string; body: string | null; since: Date }> = [];
  async send(message: { to: string; body: string; statusCallbackUrl: string | null; template?: ContentTemplate }) {
    const error = this.failWith.shift();
    if (error) throw error;
    this.sent.push(message);
    const sid = `SM${String(this.sent.length).padStart(32, '0')}`;
    this.taken.push({ sid, to: message.to, body: message.body, at: new Date() });
    return { providerId: sid };
  }
  async findSent(query: { to: string; body: string | null; since: Date }) {
    this.lookups.push(query);
    const hit = this.taken.find(
      (m) => m.to === query.to && (query.body === null || m.body === query.body) && m.at >= query.since,
    );
    return hit ? { providerId: hit.sid, sentAt: hit.at } : null;
  }
}

export class FakeSlack implements SlackSurveySender {
  users = new Map<string, string>();
  posted: Array<{ userId: string; view: SlackSurveyView }> = [];
  async lookupUserIdByEmail(email: string) {
    return this.users.get(email) ?? null;
  }
  /** Posts Slack holds with their outbox tag, also one whose answer a test says was lost. */
  taken: Array<{ userId: string; tag: OutboxTag | undefined; channel: string; ts: string }> = [];
  async postSurvey(userId: string, view: SlackSurveyView, tag?: OutboxTag) {
    this.posted.push({ userId, view });
    const where = { channel: 'D0123', ts: `1700000000.00000${this.posted.length}` };
    this.taken.push({ userId, tag, ...where });
    return where;
  }
  async findPostedSurvey(userId: string, tag: OutboxTag) {
    const hit = this.taken.find(
      (p) => p.userId === userId && p.tag?.outboxId === tag.outboxId && p.tag.dedupeKey === tag.dedupeKey,
    );
    return hit ? { channel: hit.channel, ts: hit.ts, postedAt: new Date(Number(hit.ts) * 1000) } : null;
  }
  async updateSurvey() {}
}

export function surveySettings(overrides: Partial<SurveySettings> = {}): SurveySettings {
  return {
    trigger: 'solved',
    delaySeconds: 0,
    cooldownDays: 7,
    quietHours: { start: '21:00', end: '08:00' },
    defaultTimeZone: 'UTC',
    rules: DEFAULT_SURVEY_RULES,
    textOverrides: {},
    companyName: 'Acme Support',
    replyWindowHours: 72,
    cesFieldId: 360006,
    publicUrl: 'https://effort.example.com',
    policy: { skip: { ...DEFAULT_CONVERSATION_RULE_SETTINGS }, exclude: { ...DEFAULT_SURVEY_EXCLUSIONS } },
    cesWording: 'ease',
    reminder: null,
    againOnNewResolution: false,
    channelFallback: [...DEFAULT_CHANNEL_FALLBACK],
    whatsappTemplates: {},
    ...overrides,
  };
}

/** A clock the test moves by hand. */
export function manualClock(start: string) {
  let now = new Date(start);
  return {
    now: () => now,
    set: (iso: string) => (now = new Date(iso)),
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
  };
}

export function surveyHarness(store: Store, clock: { now(): Date }, settings = surveySettings()) {
  const sms = new FakeSms();
  const slack = new FakeSlack();
  const whatsapp = new FakeSms();
  const messaging = new FakeMessaging();
  const events = new EventBus();
  const answered: number[] = [];
  events.on('survey.answered', (e) => void answered.push(e.surveyId));
  const deps: SurveyDeps = {
    store,
    clock,
    logger: createLogger({ level: 'silent' }),
    events,
    settings,
    channels: { sms, slack, whatsapp, messaging },
  };
  registerSurveyListeners(deps);
  const zendeskUpdates: unknown[] = [];
  const drainOutbox = async () => {
    let sent = 0;
    while (
      await processNextOutboxMessage({
        outbox: store.outbox,
        senders: {
          [SURVEY_SEND]: createSurveySender(deps),
          [SURVEY_REMINDER]: createSurveyReminderSender(deps),
          [SURVEY_REPLY]: createSurveyReplySender(deps),
          [ZENDESK_TICKET_UPDATE]: async (message) => {
            zendeskUpdates.push(message.payload);
            return { providerId: null };
          },
        },
        clock,
        logger: deps.logger,
        metrics: createMetrics({ collectDefaults: false }),
      })
    ) {
      sent++;
      if (sent > 50) throw new Error('outbox does not settle');
    }
    return sent;
  };
  const inboundFor = () => createSurveyInbound(deps);
  return { deps, sms, slack, whatsapp, messaging, events, answered, zendeskUpdates, drainOutbox, inboundFor };
}

/** A solved ticket with its customer and a timeline whose customer touches ran over `channels`. */
export async function seedSolvedTicket(
  store: Store,
  options: {
    ticketId?: number;
    channels?: string[];
    tags?: string[];
    phone?: string | null;
    email?: string | null;
    locale?: string;
    timeZone?: string | null;
    /** false: no agent ever replied publicly. */
    agentReplied?: boolean;
    at: Date;
  },
) {
  const ticketId = options.ticketId ?? 501;
  const ticket: TicketSnapshot = {
    id: ticketId,
    requesterId: REQUESTER,
    status: 'solved',
    groupId: 2,
    assigneeId: 7002,
    channel: options.channels?.[0] ?? 'sms',
    tags: options.tags ?? [],
    formId: null,
    type: null,
    subject: 'Refund',
    createdAt: new Date(options.at.getTime() - 3_600_000),
    updatedAt: options.at,
  };
  await store.tickets.upsertTicket(ticket, options.at);
  await store.tickets.upsertCustomer(
    {
      id: REQUESTER,
      name: 'Ana',
      email: options.email === undefined ? 'ana@example.com' : options.email,
      phone: options.phone === undefined ? PHONE : options.phone,
      locale: options.locale ?? 'nl-NL',
      timeZone: options.timeZone === undefined ? 'Europe/Amsterdam' : options.timeZone,
    },
    options.at,
  );
  const customerTouches: Touch[] = (options.channels ?? ['sms']).map((channel, i) => ({
    auditId: ticketId * 100 + i,
    at: new Date(ticket.createdAt.getTime() + i * 60_000),
    actor: 'customer',
    authorId: REQUESTER,
    channel,
    public: true,
  }));
  // An agent's public answer: without one the case is no real conversation (agent_replied_publicly).
  const agentReply: Touch = {
    auditId: ticketId * 100 + 99,
    at: new Date(options.at.getTime() - 60_000),
    actor: 'agent',
    authorId: 7002,
    channel: 'web',
    public: true,
  };
  const touches = options.agentReplied === false ? customerTouches : [...customerTouches, agentReply];
  // The audits the touches came from: the survey rules read them (who replied, who solved).
  const audits: TicketAudit[] = [
    ...customerTouches.map((touch) => ({
      id: touch.auditId,
      ticketId,
      createdAt: touch.at,
      authorId: REQUESTER,
      channel: touch.channel,
      events: [{ kind: 'comment' as const, authorId: REQUESTER, public: true, voice: false }],
    })),
    {
      id: agentReply.auditId,
      ticketId,
      createdAt: agentReply.at,
      authorId: 7002,
      channel: 'web',
      events: [
        ...(options.agentReplied === false
          ? []
          : [{ kind: 'comment' as const, authorId: 7002, public: true, voice: false }]),
        { kind: 'status' as const, value: 'solved', previous: 'open' },
      ],
    },
  ];
  await store.tickets.replaceAudits(ticketId, audits);
  await store.tickets.saveEffort(
    ticketId,
    { ticketId, requesterId: REQUESTER, createdAt: ticket.createdAt, touches, assignments: [], statusChanges: [] },
    {
      channelSwitches: 0,
      teamHandoffs: 0,
      agentHandoffs: 0,
      reopens: 0,
      customerContacts: customerTouches.length,
      repeatContact: false,
      firstContactResolution: true,
      resolutionMinutes: 60,
      customerWaitMinutes: 0,
    },
    { index: 12, level: 'low', contributions: [] },
    options.at,
  );
  return ticket;
}
