import type { AlertMetric } from './alert-metrics.js';

export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

/**
 * `metric`: effort rose in a segment (subject = segment key, e.g. 'group:42').
 * `low_score`: one customer answered very low on a case with handoffs or switches
 * (subject = 'survey:<id>'), so a lead can call back.
 */
export type AlertKind = 'metric' | 'low_score';

export interface AlertRecord {
  id: number;
  kind: AlertKind;
  subject: string;
  ticketId: number | null;
  status: AlertStatus;
  /** Metrics found worse while the alert was open (metric alerts), in the order they rose. */
  metrics: AlertMetric[];
  openedAt: Date;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  /** When the last message about it (root or thread update) was decided; paces updates. */
  lastNotifiedAt: Date;
  /** Where the root message went, once chat.postMessage answered. */
  slackChannel: string | null;
  slackTs: string | null;
  /** The root message's view as last drawn (JSON), so acknowledge can redraw it. */
  view: unknown;
  createdAt: Date;
  updatedAt: Date;
}

export type NewAlert = Pick<AlertRecord, 'kind' | 'subject' | 'ticketId' | 'metrics' | 'view'>;

export type AlertPatch = Partial<
  Pick<
    AlertRecord,
    | 'status'
    | 'metrics'
    | 'acknowledgedBy'
    | 'acknowledgedAt'
    | 'resolvedAt'
    | 'lastNotifiedAt'
    | 'slackChannel'
    | 'slackTs'
    | 'view'
  >
>;
