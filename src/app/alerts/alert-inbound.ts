import type { AlertRecord } from '../../domain/alerts/alert.js';
import type { LowScoreAlertView, MetricAlertView } from '../../domain/alerts/alert-view.js';
import { segmentFigures } from '../../domain/alerts/evaluate.js';
import { windowText, rulesFor } from '../../domain/alerts/rules.js';
import { ALL_SEGMENT, segmentLabel, teamOfSegment } from '../../domain/alerts/segments.js';
import type { AlertInbound, AlertMessageView } from '../../ports/alert-channel.js';
import type { AlertDeps } from './alert-deps.js';
import { refreshAggregates } from './shared-aggregates.js';
import { dashboardLink, inMetricOrder, metricChange } from './alert-views.js';

function messageOf(alert: AlertRecord): AlertMessageView | null {
  if (!alert.view) return null;
  const status = { status: alert.status, acknowledgedBy: alert.acknowledgedBy };
  return alert.kind === 'metric'
    ? { type: 'metric', view: { ...(alert.view as MetricAlertView), ...status } }
    : { type: 'low_score', view: { ...(alert.view as LowScoreAlertView), ...status } };
}

/**
 * `/effort` argument -> segment key: nothing = everything; a team name from config or a
 * group id = that team; `channel:email`, `tag:vip`, `form:9` as written. Null when unknown.
 */
export function resolveSegment(text: string, teamNames: Readonly<Record<string, string>>): string | null {
  const wanted = text.trim().toLowerCase().replace(/^#/, '');
  if (wanted === '' || wanted === 'all') return ALL_SEGMENT;
  for (const [id, name] of Object.entries(teamNames)) if (name.toLowerCase() === wanted) return `group:${id}`;
  if (/^\d+$/.test(wanted)) return `group:${wanted}`;
  if (/^(group|channel|tag|form):.+$/.test(wanted)) return wanted;
  return null;
}

export function createAlertInbound(deps: AlertDeps): AlertInbound {
  return {
    async acknowledge({ alertId, slackUserId }) {
      const alert = await deps.store.alerts.getById(alertId);
      if (!alert) return null;
      if (alert.status !== 'open') return messageOf(alert); // pressed twice, or already resolved: redraw as is
      const now = deps.clock.now();
      const acknowledged = await deps.store.alerts.update(
        alertId,
        { status: 'acknowledged', acknowledgedBy: slackUserId, acknowledgedAt: now },
        now,
      );
      const message = messageOf(acknowledged);
      if (message) await deps.store.alerts.update(alertId, { view: message.view }, now);
      deps.logger.info({ alertId, slackUserId, ticketId: alert.ticketId }, 'alert acknowledged');
      return message;
    },

    async effortSummary(text) {
      const segment = resolveSegment(text, deps.settings.teamNames);
      if (!segment) {
        const names = Object.values(deps.settings.teamNames);
        const known = names.length ? ` Teams: ${names.join(', ')}.` : '';
        return {
          ok: false,
          message: `No team called "${text.trim()}".${known} Try \`/effort\`, a team name, a group id or \`channel:email\`.`,
        };
      }
      const now = deps.clock.now();
      await refreshAggregates(deps, now); // another instance may have recorded what this one has not seen
      const team = teamOfSegment(segment);
      const findings =
        team === undefined
          ? segmentFigures(deps.aggregates, now, deps.settings.rules, segment)
          : segmentFigures(deps.aggregates, now, deps.settings.rules, ALL_SEGMENT, team);
      const active = await deps.store.alerts.listActive('metric');
      return {
        ok: true,
        view: {
          segmentLabel: segmentLabel(segment, deps.settings.teamNames),
          windowText: windowText(rulesFor(deps.settings.rules, segment)),
          rows: inMetricOrder(findings).map((f) => ({ ...metricChange(f), worse: f.state === 'worse' })),
          openAlerts: active.filter((a) => a.subject === segment).length,
          dashboardUrl: dashboardLink(deps, segment),
        },
      };
    },
  };
}
