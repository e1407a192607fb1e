import type { AlertTiming } from '../../domain/alerts/alert-state.js';
import type { AlertRules } from '../../domain/alerts/rules.js';
import type { SegmentWatch } from '../../domain/alerts/segments.js';
import type { EffortWeights } from '../../domain/effort-index.js';

/** What the alert job reads from configuration (`alerts` in EFFORTLESS_CONFIG). */
export interface AlertConfig {
  rules: AlertRules;
  timing: AlertTiming;
  evaluateEveryMs: number;
  watch: SegmentWatch;
  /** Zendesk group id -> team name. */
  teamNames: Readonly<Record<string, string>>;
  lowScore: { enabled: boolean; maxScore: number };
}

export interface AlertSettings extends AlertConfig {
  /** SLACK_ALERT_CHANNEL; null keeps alerts in the database (CLI, dashboard) without posting. */
  channel: string | null;
  /** Where the dashboard lives (PUBLIC_URL + '/'), for links in alerts. */
  dashboardUrl: string | null;
  /** ZENDESK_URL, for ticket links; null when Zendesk is not configured. */
  zendeskUrl: string | null;
  effortWeights: EffortWeights;
}

export function ticketUrl(settings: Pick<AlertSettings, 'zendeskUrl'>, ticketId: number): string | null {
  return settings.zendeskUrl ? `${settings.zendeskUrl}/agent/tickets/${ticketId}` : null;
}
