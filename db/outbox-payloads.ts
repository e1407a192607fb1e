/**
 * Reads a stored outbox payload back into its kind's type. The JSON was written by some
 * build of this service, maybe an older one, or edited by hand: it is checked, not trusted.
 * Each schema is declared as a ZodType of the port's payload type, so the compiler flags a
 * schema that drifts from the type it checks.
 */
import { z } from 'zod';
import type { AlertStatus } from '../src/domain/alerts/alert.js';
import type {
  AlertThreadUpdateView,
  LowScoreAlertView,
  MetricAlertView,
  MetricChange,
} from '../src/domain/alerts/alert-view.js';
import { ALERT_METRICS } from '../src/domain/alerts/alert-metrics.js';
import type { TicketUpdate } from '../src/domain/ticket.js';
import type { AlertMessageView } from '../src/ports/alert-channel.js';
import {
  SLACK_ALERT,
  SLACK_REPORT,
  SURVEY_REMINDER,
  SURVEY_REPLY,
  SURVEY_SEND,
  ZENDESK_TICKET_UPDATE,
  type OutboxKind,
  type OutboxMessage,
  type OutboxPayloads,
  type UnreadableOutboxMessage,
} from '../src/ports/outbox.js';

const id = z.number().int();

const ticketUpdate: z.ZodType<TicketUpdate> = z.object({
  customFields: z.array(z.object({ id, value: z.union([z.string(), z.number(), z.null()]) })),
  addTags: z.array(z.string()),
  removeTags: z.array(z.string()),
  internalNote: z.string().nullable(),
});

const alertStatus: z.ZodType<AlertStatus> = z.enum(['open', 'acknowledged', 'resolved']);
const metric = z.enum(ALERT_METRICS);

const metricChange: z.ZodType<MetricChange> = z.object({
  metric,
  label: z.string(),
  recent: z.string(),
  baseline: z.string(),
  recentN: z.number(),
  baselineN: z.number(),
  pValue: z.number().nullable(),
});

const metricAlertView: z.ZodType<MetricAlertView> = z.object({
  alertId: id,
  segmentLabel: z.string(),
  status: alertStatus,
  acknowledgedBy: z.string().nullable(),
  rises: z.array(metricChange),
  drivers: z.array(
    z.object({ metric, label: z.string(), recent: z.string(), baseline: z.string(), share: z.number() }),
  ),
  tickets: z.array(z.object({ ticketId: id, url: z.string().nullable(), note: z.string() })),
  windowText: z.string(),
  dashboardUrl: z.string().nullable(),
});

const lowScoreAlertView: z.ZodType<LowScoreAlertView> = z.object({
  alertId: id,
  ticketId: id,
  ticketUrl: z.string().nullable(),
  surveyKind: z.enum(['CES', 'CSAT', 'NPS']),
  score: z.number(),
  scaleMax: z.number(),
  customerName: z.string().nullable(),
  teamLabel: z.string(),
  drivers: z.array(z.string()),
  verbatim: z.string().nullable(),
  status: alertStatus,
  acknowledgedBy: z.string().nullable(),
});

const threadUpdateView: z.ZodType<AlertThreadUpdateView> = z.object({
  alertId: id,
  kind: z.enum(['worse', 'resolved']),
  segmentLabel: z.string(),
  changes: z.array(metricChange),
  windowText: z.string(),
});

const alertMessage: z.ZodType<AlertMessageView> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('metric'), view: metricAlertView }),
  z.object({ type: z.literal('low_score'), view: lowScoreAlertView }),
]);

const payloadSchemas: { [K in OutboxKind]: z.ZodType<OutboxPayloads[K]> } = {
  [ZENDESK_TICKET_UPDATE]: z.object({ ticketId: id, update: ticketUpdate }),
  [SURVEY_SEND]: z.object({ surveyId: id }),
  [SURVEY_REMINDER]: z.object({ surveyId: id }),
  [SURVEY_REPLY]: z.object({ surveyId: id, text: z.string().min(1) }),
  [SLACK_ALERT]: z.discriminatedUnion('op', [
    z.object({ op: z.literal('post'), alertId: id, message: alertMessage }),
    z.object({ op: z.literal('update'), alertId: id, message: alertMessage }),
    z.object({ op: z.literal('thread'), alertId: id, view: threadUpdateView }),
  ]),
  [SLACK_REPORT]: z.object({ since: z.iso.datetime(), until: z.iso.datetime() }),
};

function isOutboxKind(kind: string): kind is OutboxKind {
  return Object.hasOwn(payloadSchemas, kind);
}

/** One stored outbox row, payload still as the JSON text the database holds. */
export interface StoredOutboxRow {
  id: number;
  kind: string;
  dedupeKey: string;
  ticketId: number | null;
  attempts: number;
  failures: number;
  retryFrom: Date;
  previousOutcomeUnknown: boolean;
  payloadJson: string;
}

/** The row as its kind's message, or as unreadable with the reason the worker records. */
export function decodeOutboxRow(row: StoredOutboxRow): OutboxMessage | UnreadableOutboxMessage {
  const { payloadJson, ...envelope } = row;
  let payload: unknown;
  try {
    payload = JSON.parse(payloadJson);
  } catch (error) {
    return {
      ...envelope,
      payload: payloadJson,
      problem: `payload is not JSON (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  const { kind } = envelope;
  if (!isOutboxKind(kind))
    return {
      ...envelope,
      payload,
      problem: `no such kind (this build knows ${Object.keys(payloadSchemas).join(', ')})`,
    };
  return decodeAs(kind, { ...envelope, kind }, payload);
}

function decodeAs<K extends OutboxKind>(
  kind: K,
  envelope: Omit<StoredOutboxRow, 'payloadJson'> & { kind: K },
  payload: unknown,
): OutboxMessage<K> | UnreadableOutboxMessage {
  const checked = payloadSchemas[kind].safeParse(payload);
  if (checked.success) return { ...envelope, payload: checked.data };
  // One line per row: the reason lands in the outbox's last_error column and in the log.
  const reasons = checked.error.issues.map(
    (issue) => `${issue.path.map(String).join('.') || 'payload'}: ${issue.message}`,
  );
  return { ...envelope, payload, problem: `payload does not fit ${kind} (${reasons.join('; ')})` };
}
