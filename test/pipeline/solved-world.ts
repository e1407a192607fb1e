import {
  startStandIns,
  type StandIns,
  type StandInAudit,
  type StandInTicket,
} from '../../demo/stand-ins/start-stand-ins.js';
import { zendeskTime } from '../../demo/stand-ins/zendesk-shapes.js';

/**
 * The outside world of the real-process tests: the three stand-ins on loopback, with solved
 * tickets whose customers talked to us by SMS and have a phone number, so each ticket should
 * end with one effort write-back (Zendesk PUT) and one survey SMS (Twilio), nothing more.
 */
export const CREDENTIALS = {
  zendesk: {
    email: 'effortless-bot@example.com',
    apiToken: 'zd-process-token',
    botUserId: 8000,
    webhookSecret: 'zd-webhook-secret-for-tests',
  },
  twilio: { accountSid: `AC${'ab'.repeat(16)}`, authToken: 'twilio-process-token', from: '+15017122661' },
  slack: { botToken: 'xoxb-1-2-process', channels: { leads: 'C0EFFLEADS' } },
};
export const EFFORT_FIELD_ID = 360005;

/** The service's Zendesk and Twilio settings for stand-ins at these URLs (shared by the tests and bench/). */
export function standInEnv(urls: { zendeskUrl: string; twilioUrl: string; zone: string }): Record<string, string> {
  const { zendesk, twilio } = CREDENTIALS;
  return {
    ZENDESK_URL: urls.zendeskUrl,
    ZENDESK_EMAIL: zendesk.email,
    ZENDESK_API_TOKEN: zendesk.apiToken,
    ZENDESK_WEBHOOK_SECRET: zendesk.webhookSecret,
    ZENDESK_EFFORT_FIELD_ID: String(EFFORT_FIELD_ID),
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: twilio.from,
    TWILIO_API_URL: urls.twilioUrl,
    SURVEY_DELAY_SECONDS: '0',
    TIMEZONE: urls.zone,
    // A stand-in has no rate limit; these runs push thousands of tickets through in minutes.
    ZENDESK_REQUESTS_PER_MINUTE: '100000',
  };
}
const AGENT = 7002;
/** The team every ticket ends in, and the one that answered handed-over tickets first. */
export const FINAL_GROUP = 360001;
const FIRST_GROUP = 360002;
const FIRST_AGENT = 7001;

export function phoneOf(ticketId: number): string {
  return `+3161${String(ticketId).padStart(7, '0')}`;
}

const requesterOf = (ticketId: number) => 900_000 + ticketId;

/**
 * A fixed-offset zone where it is now early afternoon, so the default quiet hours
 * (21:00-08:00) never hold a survey back during the test, whenever it runs.
 */
export function afternoonZone(now = new Date()): string {
  const offset = ((13 - now.getUTCHours() + 36) % 24) - 12; // hours east of UTC, -12..11
  if (offset === 0) return 'Etc/UTC';
  return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`; // POSIX: the sign is inverted
}

export interface World {
  standIns: StandIns;
  tickets: StandInTicket[];
  zone: string;
  /** Per ticket: survey SMS Twilio took, effort write-backs Zendesk applied. */
  counts(): { sms: number[]; writeBacks: number[] };
  /** Every ticket has at least one of each. */
  allReached(ids?: number[]): boolean;
}

/**
 * Starts the stand-ins, each answering after `delayMs`, with `ids` solved SMS tickets;
 * those `handedOver` picks were first answered by another team, then moved to this one.
 */
export async function startWorld(
  ids: number[],
  delayMs: number,
  /** `now`: the moment the tickets' times count back from (a caller that posts their webhooks knows their updated_at). */
  options: { handedOver?: (ticketId: number) => boolean; now?: number } = {},
): Promise<World> {
  const { zendesk, twilio, slack } = CREDENTIALS;
  const standIns = await startStandIns({
    zendesk: { email: zendesk.email, apiToken: zendesk.apiToken, botUserId: zendesk.botUserId, delayMs },
    twilio: { accountSid: twilio.accountSid, authToken: twilio.authToken, delayMs },
    slack: { ...slack, delayMs },
  });
  const zone = afternoonZone();
  const now = options.now ?? Date.now();
  const tickets = ids.map((id) => solvedSmsTicket(standIns, id, zone, options.handedOver?.(id) ?? false, now));
  const count = (id: number) => ({
    sms: standIns.twilio.state.messagesTo(phoneOf(id)).length,
    writeBacks: standIns.zendesk.state.listUpdates(id).length,
  });
  return {
    standIns,
    tickets,
    zone,
    counts: () => ({ sms: ids.map((id) => count(id).sms), writeBacks: ids.map((id) => count(id).writeBacks) }),
    allReached: (some = ids) => some.every((id) => count(id).sms > 0 && count(id).writeBacks > 0),
  };
}

/**
 * Opened by SMS an hour ago, solved by an agent on the web a few minutes ago. Handed over:
 * an agent of another team answered first, then moved it to this team (one team handoff).
 */
export const SOLVED_MINUTES_AGO = 5;

function solvedSmsTicket(
  standIns: StandIns,
  id: number,
  zone: string,
  handedOver: boolean,
  now: number,
): StandInTicket {
  const requester = requesterOf(id);
  const [opened, solved] = [zendeskTime(now - 60 * 60_000), zendeskTime(now - SOLVED_MINUTES_AGO * 60_000)];
  const [answered, moved] = [zendeskTime(now - 50 * 60_000), zendeskTime(now - 40 * 60_000)];
  standIns.zendesk.state.putUser({
    id: requester,
    name: `Customer ${id}`,
    email: null,
    phone: phoneOf(id),
    locale: 'en-US',
    iana_time_zone: zone,
  });
  const ticket: StandInTicket = {
    id,
    requester_id: requester,
    assignee_id: AGENT,
    group_id: FINAL_GROUP,
    status: 'solved',
    via: { channel: 'sms' },
    tags: ['parcel'],
    subject: 'Parcel late',
    custom_fields: [{ id: EFFORT_FIELD_ID, value: null }],
    created_at: opened,
    updated_at: solved,
  };
  const audits: StandInAudit[] = [
    {
      id: id * 10 + 1,
      ticket_id: id,
      created_at: opened,
      author_id: requester,
      via: { channel: 'sms' },
      events: [
        { type: 'Comment', body: 'My parcel is late', public: true },
        { type: 'Create', field_name: 'status', value: 'new' },
        ...(handedOver ? [{ type: 'Create' as const, field_name: 'group_id', value: String(FIRST_GROUP) }] : []),
      ],
    },
    ...(handedOver
      ? ([
          {
            id: id * 10 + 3,
            ticket_id: id,
            created_at: answered,
            author_id: FIRST_AGENT,
            via: { channel: 'web' },
            events: [{ type: 'Comment', body: 'Let me pass this to Shipping.', public: true }],
          },
          {
            id: id * 10 + 4,
            ticket_id: id,
            created_at: moved,
            author_id: FIRST_AGENT,
            via: { channel: 'web' },
            events: [
              {
                type: 'Change',
                field_name: 'group_id',
                value: String(FINAL_GROUP),
                previous_value: String(FIRST_GROUP),
              },
            ],
          },
        ] satisfies StandInAudit[])
      : []),
    {
      id: id * 10 + 2,
      ticket_id: id,
      created_at: solved,
      author_id: AGENT,
      via: { channel: 'web' },
      events: [
        { type: 'Comment', body: 'A new one is on its way.', public: true },
        { type: 'Change', field_name: 'status', value: 'solved', previous_value: 'new' },
      ],
    },
  ];
  standIns.zendesk.state.putTicket(ticket, audits);
  return ticket;
}
