import { describe, expect, it } from 'vitest';
import { mapAudit } from '../../integrations/zendesk/map-rest.js';
import { buildTimeline } from '../../src/domain/build-timeline.js';
import { computeDrivers } from '../../src/domain/compute-drivers.js';
import { DEFAULT_DRIVER_DEFINITIONS, type DriverDefinitions } from '../../src/domain/driver-definitions.js';
import type { EffortDrivers } from '../../src/domain/drivers.js';
import { loadFixture } from '../integrations/zendesk/load-fixture.js';

/**
 * Each definition in docs/drivers.md against audits shaped like Zendesk's
 * (test/fixtures/zendesk/drivers/, see the README there): REST audit JSON -> mapAudit ->
 * buildTimeline -> computeDrivers, as the service does it.
 */
const REQUESTER = 9101;
const BOT = 8000;

function driversOf(file: string, definitions: DriverDefinitions = DEFAULT_DRIVER_DEFINITIONS): EffortDrivers {
  const audits = loadFixture<{ audits: unknown[] }>(`drivers/${file}`).audits.map(mapAudit);
  const first = audits[0]!;
  const timeline = buildTimeline({
    ticketId: first.ticketId,
    requesterId: REQUESTER,
    createdAt: first.createdAt,
    audits,
    botUserId: BOT,
  });
  return computeDrivers(timeline, { requesterTicketsCreatedAt: [] }, definitions);
}

const ANY_CHANGE: DriverDefinitions = { ...DEFAULT_DRIVER_DEFINITIONS, handoffs: 'any-change' };
/** Every channel its own family: what channel switches counted before families. */
const EVERY_CHANNEL_APART: DriverDefinitions = { ...DEFAULT_DRIVER_DEFINITIONS, channelFamilies: {} };

type Counted = Pick<
  EffortDrivers,
  'teamHandoffs' | 'agentHandoffs' | 'channelSwitches' | 'customerContacts' | 'repeatContact' | 'firstContactResolution'
>;

const pick = (d: EffortDrivers): Counted => ({
  teamHandoffs: d.teamHandoffs,
  agentHandoffs: d.agentHandoffs,
  channelSwitches: d.channelSwitches,
  customerContacts: d.customerContacts,
  repeatContact: d.repeatContact,
  firstContactResolution: d.firstContactResolution,
});

const none = { repeatContact: false };
const cases: Array<{ file: string; story: string; expected: Counted; anyChange: { team: number; agent: number } }> = [
  {
    file: 'trigger-routing-at-creation.json',
    story: 'a trigger routes the new email to billing within seconds; billing answers once and solves',
    expected: {
      teamHandoffs: 0,
      agentHandoffs: 0,
      channelSwitches: 0,
      customerContacts: 1,
      ...none,
      firstContactResolution: true,
    },
    anyChange: { team: 1, agent: 0 },
  },
  {
    file: 'routing-after-first-reply.json',
    story: 'a first-line agent answers, then passes the case to billing',
    expected: {
      teamHandoffs: 1,
      agentHandoffs: 1,
      channelSwitches: 0,
      customerContacts: 1,
      ...none,
      firstContactResolution: false,
    },
    anyChange: { team: 1, agent: 1 },
  },
  {
    file: 'omnichannel-rerouting-before-reply.json',
    story: 'omnichannel routing re-routes from an agent who went offline without answering',
    expected: {
      teamHandoffs: 0,
      agentHandoffs: 0,
      channelSwitches: 0,
      customerContacts: 1,
      ...none,
      firstContactResolution: true,
    },
    anyChange: { team: 0, agent: 1 },
  },
  {
    file: 'omnichannel-rerouting-after-reply.json',
    story: 'omnichannel routing re-routes from an agent who had answered',
    expected: {
      teamHandoffs: 0,
      agentHandoffs: 1,
      channelSwitches: 0,
      customerContacts: 2,
      ...none,
      firstContactResolution: false,
    },
    anyChange: { team: 0, agent: 1 },
  },
  {
    file: 'back-to-the-same-team.json',
    story: 'first line answers and passes to tech; tech answers and sends it back',
    expected: {
      teamHandoffs: 2,
      agentHandoffs: 2,
      channelSwitches: 0,
      customerContacts: 2,
      ...none,
      firstContactResolution: false,
    },
    anyChange: { team: 2, agent: 2 },
  },
  {
    file: 'web-form-then-email-replies.json',
    story: 'a web form, then the customer answers our emails: all written, no switch',
    expected: {
      teamHandoffs: 0,
      agentHandoffs: 0,
      channelSwitches: 0,
      customerContacts: 3,
      ...none,
      firstContactResolution: false,
    },
    anyChange: { team: 0, agent: 0 },
  },
  {
    file: 'email-phone-chat.json',
    story: 'email, then the customer calls, then chats: two switches',
    expected: {
      teamHandoffs: 0,
      agentHandoffs: 0,
      channelSwitches: 2,
      customerContacts: 3,
      ...none,
      firstContactResolution: false,
    },
    anyChange: { team: 0, agent: 0 },
  },
  {
    file: 'email-then-outbound-call.json',
    story: 'email, the agent calls back, the customer confirms by email: the call is not the customer switching',
    expected: {
      teamHandoffs: 0,
      agentHandoffs: 0,
      channelSwitches: 0,
      customerContacts: 2,
      ...none,
      firstContactResolution: false,
    },
    anyChange: { team: 0, agent: 0 },
  },
  {
    file: 'merged-duplicate.json',
    story: 'the customer wrote twice; the duplicate is merged into this ticket',
    expected: {
      teamHandoffs: 0,
      agentHandoffs: 0,
      channelSwitches: 0,
      customerContacts: 1,
      repeatContact: true,
      firstContactResolution: false,
    },
    anyChange: { team: 0, agent: 0 },
  },
];

describe('driver definitions on Zendesk-shaped audits', () => {
  it.each(cases)('$file: $story', ({ file, expected }) => {
    expect(pick(driversOf(file))).toEqual(expected);
  });

  it.each(cases)('$file with handoffs "any-change": every move counts', ({ file, anyChange }) => {
    const drivers = driversOf(file, ANY_CHANGE);
    expect({ team: drivers.teamHandoffs, agent: drivers.agentHandoffs }).toEqual(anyChange);
  });

  it.each([
    { file: 'web-form-then-email-replies.json', families: 0, apart: 1 },
    { file: 'email-phone-chat.json', families: 2, apart: 2 },
    { file: 'email-then-outbound-call.json', families: 0, apart: 0 },
  ])('$file: $families switches by family, $apart with every channel apart', ({ file, families, apart }) => {
    expect(driversOf(file).channelSwitches).toBe(families);
    expect(driversOf(file, EVERY_CHANNEL_APART).channelSwitches).toBe(apart);
  });
});
