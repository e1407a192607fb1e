/**
 * The dashboard API's shapes: the query schema validates every request, and the OpenAPI
 * document (openapi.ts) is generated from these same schemas, so the two cannot drift.
 */
import { z } from 'zod';

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'a real calendar date');
const groupId = z.string().regex(/^(-1|\d{1,15})$/, 'a Zendesk id, or -1 for none');

export const FilterQuery = z
  .object({
    from: isoDay.optional().describe('First day (UTC) of the period; default 90 days before `to`.'),
    to: isoDay.optional().describe('Last day (UTC) of the period, included; default today.'),
    team: groupId.optional().describe('Zendesk group id; -1 for cases without a team.'),
    channel: z.string().min(1).max(40).optional().describe('Ticket channel (email, web, chat, sms, voice...).'),
    form: groupId.optional().describe('Zendesk ticket form id; -1 for cases without a form.'),
  })
  .strict();

export const OverviewQuery = FilterQuery.extend({
  granularity: z.enum(['day', 'week']).optional().describe('Series per day or ISO week; default day up to 92 days.'),
}).strict();
export const BreakdownQuery = FilterQuery.extend({ by: z.enum(['team', 'channel', 'form']) }).strict();
export const CasesQuery = FilterQuery.extend({
  order: z.enum(['effort', 'recent']).optional().describe('Highest effort first (default) or newest first.'),
  limit: z
    .string()
    .regex(/^\d{1,6}$/)
    .optional()
    .describe('At most this many cases (1-500; CSV up to 100000).'),
  offset: z
    .string()
    .regex(/^\d{1,7}$/)
    .optional(),
}).strict();
export const AlertsQuery = z
  .object({
    limit: z
      .string()
      .regex(/^\d{1,4}$/)
      .optional(),
  })
  .strict();

const Estimate = z.object({ value: z.number(), low: z.number(), high: z.number(), n: z.int() });
const NullableEstimate = Estimate.nullable();

export const Figures = z.object({
  cases: z.int(),
  surveysSent: z.int(),
  answers: z.int(),
  ces: NullableEstimate.describe('CES mean (1-7) with its 95% interval.'),
  easyShare: NullableEstimate.describe('Share of CES answers 5-7 (0-1), Wilson 95% interval.'),
  responseRate: NullableEstimate,
  effortIndex: z.number().nullable(),
  csat: NullableEstimate.describe('Share of CSAT answers 4-5; null where CSAT is not asked.'),
  nps: NullableEstimate.describe('Net Promoter Score (-100..100); null where NPS is not asked.'),
  drivers: z.object({
    channelSwitches: z.number().nullable(),
    teamHandoffs: z.number().nullable(),
    agentHandoffs: z.number().nullable(),
    reopens: z.number().nullable(),
    repeatContactShare: z.number().nullable(),
    firstContactResolutionShare: z.number().nullable(),
    resolutionHours: z.number().nullable(),
  }),
});

const Period = z.object({
  from: z.string(),
  to: z.string(),
  team: z.string().nullable(),
  channel: z.string().nullable(),
  form: z.string().nullable(),
});

export const OverviewResponse = z.object({
  filters: Period,
  granularity: z.enum(['day', 'week']),
  headline: Figures,
  responseRateByChannel: z.array(
    z.object({ channel: z.string(), sent: z.int(), answered: z.int(), rate: NullableEstimate }),
  ),
  series: z.array(Figures.extend({ start: z.string().describe('First day of the day or week (UTC).') })),
});

export const BreakdownResponse = z.object({
  filters: Period,
  by: z.enum(['team', 'channel', 'form']),
  rows: z.array(Figures.extend({ key: z.string(), label: z.string() })),
});

export const CaseView = z.object({
  ticketId: z.int(),
  at: z.string(),
  team: z.int().nullable(),
  teamLabel: z.string(),
  channel: z.string(),
  form: z.int().nullable(),
  status: z.string(),
  subject: z.string().nullable(),
  effortIndex: z.int(),
  effortLevel: z.string(),
  drivers: z.object({
    channelSwitches: z.int(),
    teamHandoffs: z.int(),
    agentHandoffs: z.int(),
    reopens: z.int(),
    repeatContact: z.boolean(),
    firstContactResolution: z.boolean(),
    resolutionMinutes: z.int().nullable(),
  }),
  reasons: z.array(z.string()).describe('Why the index is what it is, one line per driver that added points.'),
  survey: z
    .object({
      kind: z.string(),
      channel: z.string().nullable(),
      status: z.string(),
      score: z.int().nullable(),
      verbatim: z.string().nullable(),
    })
    .nullable(),
  zendeskUrl: z.string().nullable(),
});

export const CasesResponse = z.object({
  filters: Period,
  order: z.enum(['effort', 'recent']),
  cases: z.array(CaseView),
});

export const AlertsResponse = z.object({
  alerts: z.array(
    z.object({
      id: z.int(),
      kind: z.enum(['metric', 'low_score']),
      subject: z.string(),
      label: z.string(),
      ticketId: z.int().nullable(),
      status: z.enum(['open', 'acknowledged', 'resolved']),
      metrics: z.array(z.string()),
      openedAt: z.string(),
      acknowledgedBy: z.string().nullable(),
      acknowledgedAt: z.string().nullable(),
      resolvedAt: z.string().nullable(),
    }),
  ),
});

export const DriverCostsResponse = z.object({
  filters: Period,
  enoughAnswers: z.boolean(),
  answers: z.int(),
  minAnswers: z.int(),
  message: z.string().describe('One plain sentence; says so when there are too few answers.'),
  costs: z.array(
    z.object({
      driver: z.string(),
      unit: z.string(),
      effect: z.number().nullable().describe('CES points per unit, other drivers held equal; negative is harder.'),
      low: z.number().nullable(),
      high: z.number().nullable(),
      n: z.int(),
      summary: z.string(),
    }),
  ),
  indexPrediction: z
    .object({
      spearman: z.number().nullable().describe('Held-out rank correlation of the fitted index with the answers.'),
      baseSpearman: z.number().nullable().describe('The same for the configured weights.'),
      folds: z.int(),
      cases: z.int(),
    })
    .nullable(),
});

export const OptionsResponse = z.object({
  teams: z.array(z.object({ id: z.int(), label: z.string() })),
  channels: z.array(z.string()),
  forms: z.array(z.object({ id: z.int(), label: z.string() })),
});

export const ErrorResponse = z.object({ error: z.string(), message: z.string() });
