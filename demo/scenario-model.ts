/** Teams, options and result types of the demo scenario (re-exported by scenario.ts). */
import type { StandInAudit, StandInTicket, StandInUser } from './stand-ins/zendesk-shapes.js';

export interface DemoTeam {
  id: number;
  name: string;
  /** Tag the creation audit sets when the ticket starts in this team. */
  tag: string;
  agents: number[];
}

/** Four Zendesk groups with three agents each (7001..7012). */
export const DEMO_TEAMS: ReadonlyArray<DemoTeam> = Object.freeze([
  { id: 360001, name: 'Billing', tag: 'billing', agents: [7001, 7002, 7003] },
  { id: 360002, name: 'Shipping', tag: 'shipping', agents: [7004, 7005, 7006] },
  { id: 360003, name: 'Returns', tag: 'returns', agents: [7007, 7008, 7009] },
  { id: 360004, name: 'Tech support', tag: 'tech_support', agents: [7010, 7011, 7012] },
]);

/** The team whose cases start bouncing between teams from `riseAt` on. */
export const RISING_TEAM_ID = 360002;

/**
 * Hour of the week at which RISING_TEAM_ID's handoffs start to rise: midway, on a whole
 * hour. The scenario and the demo's feasibility check (rise-feasibility.ts) both use it.
 */
export function riseHourOf(days: number): number {
  return Math.round(days * 12);
}

/** Customers are users 90001, 90002, ... */
export const CUSTOMER_ID_BASE = 90001;
export const TICKET_ID_BASE = 10001;
/** Audit ids count up from here in time order over the whole week. */
export const AUDIT_ID_BASE = 20_000_001;

export interface DemoOptions {
  seed: number;
  days: number;
  ticketsPerDay: number;
  start: Date;
}

export interface DemoCustomer {
  user: StandInUser;
  /** Slack user id when the customer is in the Slack workspace (Slack Connect), else null */
  slackUserId: string | null;
}

export interface DemoFacts {
  /** The owning team: where the case ends (final group_id) and whose handoff rate applied. */
  team: number;
  teamHandoffs: number;
  channelSwitches: number;
  reopened: boolean;
  /** The customer touched the case on a phone channel (sms or voice). */
  phoneTouch: boolean;
}

export interface DemoCase {
  /** Final state: status 'solved', group/assignee of the last team, via.channel = first channel. */
  ticket: StandInTicket;
  /** Full history, oldest first, ending with the solve. */
  audits: StandInAudit[];
  createdAt: Date;
  solvedAt: Date;
  customer: DemoCustomer;
  facts: DemoFacts;
}

export interface DemoWeek {
  /** The customers that have at least one case, by id. */
  customers: DemoCustomer[];
  /** Sorted by solvedAt, then ticket id. */
  cases: DemoCase[];
  riseAt: Date;
}

export type DemoAnswer =
  | { kind: 'score'; score: number; verbatim: string | null }
  | { kind: 'silent' }
  | { kind: 'stop' };

export function teamById(id: number): DemoTeam {
  const team = DEMO_TEAMS.find((candidate) => candidate.id === id);
  if (!team) throw new Error(`no demo team ${id}`);
  return team;
}
