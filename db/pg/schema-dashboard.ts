/** The dashboard's tables on PostgreSQL, column for column as db/schema-dashboard.ts (see db/pg/schema.ts). */
import { bigint, doublePrecision, index, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/** Every additive column of a daily cell; each case adds 0/1 or its value to each. */
function sumColumns() {
  return {
    cases: bigint('cases', { mode: 'number' }).notNull(),
    indexSum: bigint('index_sum', { mode: 'number' }).notNull(),
    channelSwitches: bigint('channel_switches', { mode: 'number' }).notNull(),
    teamHandoffs: bigint('team_handoffs', { mode: 'number' }).notNull(),
    agentHandoffs: bigint('agent_handoffs', { mode: 'number' }).notNull(),
    reopens: bigint('reopens', { mode: 'number' }).notNull(),
    repeatContacts: bigint('repeat_contacts', { mode: 'number' }).notNull(),
    firstContactResolutions: bigint('first_contact_resolutions', { mode: 'number' }).notNull(),
    resolved: bigint('resolved', { mode: 'number' }).notNull(),
    resolutionMinutes: bigint('resolution_minutes', { mode: 'number' }).notNull(),
    sentSms: bigint('sent_sms', { mode: 'number' }).notNull(),
    answeredSms: bigint('answered_sms', { mode: 'number' }).notNull(),
    sentSlack: bigint('sent_slack', { mode: 'number' }).notNull(),
    answeredSlack: bigint('answered_slack', { mode: 'number' }).notNull(),
    sentOther: bigint('sent_other', { mode: 'number' }).notNull(),
    answeredOther: bigint('answered_other', { mode: 'number' }).notNull(),
    cesN: bigint('ces_n', { mode: 'number' }).notNull(),
    cesSum: bigint('ces_sum', { mode: 'number' }).notNull(),
    cesSumSquares: doublePrecision('ces_sum_squares').notNull(),
    cesEasy: bigint('ces_easy', { mode: 'number' }).notNull(),
    csatN: bigint('csat_n', { mode: 'number' }).notNull(),
    csatSatisfied: bigint('csat_satisfied', { mode: 'number' }).notNull(),
    npsN: bigint('nps_n', { mode: 'number' }).notNull(),
    npsPromoters: bigint('nps_promoters', { mode: 'number' }).notNull(),
    npsDetractors: bigint('nps_detractors', { mode: 'number' }).notNull(),
  };
}

/**
 * One row per case whose effort was computed: the dimensions it is filtered by, its drivers
 * and its survey. Rebuilt from tickets, ticket_drivers and surveys whenever one of them is
 * written, in the same transaction; its old values are taken out of dashboard_days first.
 */
export const dashboardCases = pgTable(
  'dashboard_cases',
  {
    ticketId: bigint('ticket_id', { mode: 'number' }).primaryKey(),
    /** Solve time (creation + resolution minutes), or creation while unsolved; epoch ms. */
    at: bigint('at', { mode: 'number' }).notNull(),
    /** Start of the UTC day holding `at`. */
    day: bigint('day', { mode: 'number' }).notNull(),
    /** Zendesk group id; -1 for none (a key column, like NO_TEAM in the alert tables). */
    team: bigint('team', { mode: 'number' }).notNull(),
    channel: text('channel').notNull(),
    /** Zendesk ticket form id; -1 for none. */
    form: bigint('form', { mode: 'number' }).notNull(),
    status: text('status').notNull(),
    subject: text('subject'),
    effortIndex: bigint('effort_index', { mode: 'number' }).notNull(),
    effortLevel: text('effort_level').notNull(),
    contributions: jsonb('contributions').notNull(),
    surveyKind: text('survey_kind'),
    surveyChannel: text('survey_channel'),
    surveyStatus: text('survey_status'),
    score: bigint('score', { mode: 'number' }),
    verbatim: text('verbatim'),
    /** The two drivers the sums do not keep, for the driver-cost model (src/domain/effort-model). */
    customerContacts: bigint('customer_contacts', { mode: 'number' }).notNull(),
    customerWaitMinutes: bigint('customer_wait_minutes', { mode: 'number' }).notNull(),
    ...sumColumns(),
  },
  (t) => [index('dashboard_cases_at').on(t.at), index('dashboard_cases_effort').on(t.effortIndex, t.at)],
);

/** Sums of dashboard_cases per (UTC day, team, channel, form). */
export const dashboardDays = pgTable(
  'dashboard_days',
  {
    day: bigint('day', { mode: 'number' }).notNull(),
    team: bigint('team', { mode: 'number' }).notNull(),
    channel: text('channel').notNull(),
    form: bigint('form', { mode: 'number' }).notNull(),
    ...sumColumns(),
  },
  (t) => [primaryKey({ name: 'dashboard_days_pk', columns: [t.day, t.team, t.channel, t.form] })],
);
