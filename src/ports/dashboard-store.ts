/**
 * What the dashboard reads: daily sums per (day, team, channel, form) and one fact row per
 * case, kept by db/ in step with every ticket and survey write.
 */
import type { EffortSums } from '../domain/dashboard/effort-sums.js';
import type { DriverContribution } from '../domain/drivers.js';
import type { AnsweredCase } from '../domain/effort-model/index.js';

/** Cases whose day (solve time, or creation while unsolved) falls in [from, to); each other key narrows. */
export interface DashboardFilter {
  from: Date;
  to: Date;
  /** Zendesk group id; -1 selects cases without a team. */
  team?: number;
  channel?: string;
  /** Zendesk ticket form id; -1 selects cases without a form. */
  form?: number;
}

export type BreakdownDimension = 'team' | 'channel' | 'form';

export interface DashboardCase {
  ticketId: number;
  at: Date;
  team: number | null;
  channel: string;
  form: number | null;
  status: string;
  subject: string | null;
  effortIndex: number;
  effortLevel: string;
  contributions: DriverContribution[];
  drivers: {
    channelSwitches: number;
    teamHandoffs: number;
    agentHandoffs: number;
    reopens: number;
    repeatContact: boolean;
    firstContactResolution: boolean;
    resolutionMinutes: number | null;
  };
  survey: {
    kind: string;
    channel: string | null;
    status: string;
    score: number | null;
    verbatim: string | null;
  } | null;
}

export type CaseOrder = 'effort' | 'recent';

export interface DashboardStore {
  /** Sums per UTC day (start epoch ms) within the filter, days without cases left out. */
  dailyTotals(filter: DashboardFilter): Promise<Array<{ start: number; sums: EffortSums }>>;
  /** Sums per value of one dimension within the filter (team and form as their ids, -1 for none). */
  breakdown(filter: DashboardFilter, by: BreakdownDimension): Promise<Array<{ key: string; sums: EffortSums }>>;
  /** Cases within the filter, highest effort first (then newest) or newest first. */
  listCases(filter: DashboardFilter, order: CaseOrder, limit: number, offset: number): Promise<DashboardCase[]>;
  /** Cases with an answered CES survey within the filter, newest first, at most `limit`: in the effort model's input shape (src/domain/effort-model). */
  answeredCesCases(filter: DashboardFilter, limit: number): Promise<AnsweredCase[]>;
  /** The teams, channels and forms that have cases, for the filter choices. */
  dimensions(): Promise<{ teams: number[]; channels: string[]; forms: number[] }>;
}
