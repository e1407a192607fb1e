/**
 * The dashboard's tables (see src/ports/dashboard-store.ts), next to db/schema.ts. One fact
 * row per case, and daily sums per (day, team, channel, form) kept in step with it, so a
 * year of a busy center is read from a few tens of thousands of cells, not 365,000 cases.
 */
import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Every additive column of a daily cell; each case adds 0/1 or its value to each. */
function sumColumns() {
  return {
    cases: integer('cases').notNull(),
    indexSum: integer('index_sum').notNull(),
    channelSwitches: integer('channel_switches').notNull(),
    teamHandoffs: integer('team_handoffs').notNull(),
    agentHandoffs: integer('agent_handoffs').notNull(),
    reopens: integer('reopens').notNull(),
    repeatContacts: integer('repeat_contacts').notNull(),
    firstContactResolutions: integer('first_contact_resolutions').notNull(),
    resolved: integer('resolved').notNull(),
    resolutionMinutes: integer('resolution_minutes').notNull(),
    sentSms: integer('sent_sms').notNull(),
    answeredSms: integer('answered_sms').notNull(),
    sentSlack: integer('sent_slack').notNull(),
    answeredSlack: integer('answered_slack').notNull(),
    sentOther: integer('sent_other').notNull(),
    answeredOther: integer('answered_other').notNull(),
    cesN: integer('ces_n').notNull(),
    cesSum: integer('ces_sum').notNull(),
    cesSumSquares: real('ces_sum_squares').notNull(),
    cesEasy: integer('ces_easy').notNull(),
    csatN: integer('csat_n').notNull(),
    csatSatisfied: integer('csat_satisfied').notNull(),
    npsN: integer('nps_n').notNull(),
    npsPromoters: integer('nps_promoters').notNull(),
    npsDetractors: integer('nps_detractors').notNull(),
  };
}

/**
 * One row per case whose effort was computed: the dimensions it is filtered by, its drivers
 * and its survey. Rebuilt from tickets, ticket_drivers and surveys whenever one of them is
 * written, in the same transaction; its old values are taken out of dashboard_days first.
 */
export const dashboardCases = sqliteTable(
  'dashboard_cases',
  {
    ticketId: integer('ticket_id').primaryKey(),
    /** Solve time (creation + resolution minutes), or creation while unsolved; epoch ms. */
    at: integer('at').notNull(),
    /** Start of the UTC day holding `at`. */
    day: integer('day').notNull(),
    /** Zendesk group id; -1 for none (a key column, like NO_TEAM in the alert tables). */
    team: integer('team').notNull(),
    channel: text('channel').notNull(),
    /** Zendesk ticket form id; -1 for none. */
    form: integer('form').notNull(),
    status: text('status').notNull(),
    subject: text('subject'),
    effortIndex: integer('effort_index').notNull(),
    effortLevel: text('effort_level').notNull(),
    contributions: text('contributions', { mode: 'json' }).notNull(),
    surveyKind: text('survey_kind'),
    surveyChannel: text('survey_channel'),
    surveyStatus: text('survey_status'),
    score: integer('score'),
    verbatim: text('verbatim'),
    /** The two drivers the sums do not keep, for the driver-cost model (src/domain/effort-model). */
    customerContacts: integer('customer_contacts').notNull(),
    customerWaitMinutes: integer('customer_wait_minutes').notNull(),
    ...sumColumns(),
  },
  (t) => [index('dashboard_cases_at').on(t.at), index('dashboard_cases_effort').on(t.effortIndex, t.at)],
);

/** Sums of dashboard_cases per (UTC day, team, channel, form). */
export const dashboardDays = sqliteTable(
  'dashboard_days',
  {
    day: integer('day').notNull(),
    team: integer('team').notNull(),
    channel: text('channel').notNull(),
    form: integer('form').notNull(),
    ...sumColumns(),
  },
  (t) => [primaryKey({ name: 'dashboard_days_pk', columns: [t.day, t.team, t.channel, t.form] })],
);
