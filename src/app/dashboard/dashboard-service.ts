import { type EffortSums, sumAll } from '../../domain/dashboard/effort-sums.js';
import { figuresOf, type PeriodFigures, responseRateByChannel } from '../../domain/dashboard/figures.js';
import { DAY_MS, dailySeries, weeklySeries } from '../../domain/dashboard/series.js';
import { segmentLabel, teamOfSegment } from '../../domain/alerts/segments.js';
import type { AlertStore } from '../../ports/alert-store.js';
import type {
  BreakdownDimension,
  CaseOrder,
  DashboardCase,
  DashboardFilter,
  DashboardStore,
} from '../../ports/dashboard-store.js';
import type { EffortWeights } from '../../domain/effort-index.js';
import { type DriverCostReport, driverCostReport } from './driver-costs.js';
import { keptFits } from './kept-fits.js';

export type Granularity = 'day' | 'week';

export interface DashboardDeps {
  dashboard: DashboardStore;
  alerts: AlertStore;
  /** A team's display name (null: no team). Today from the config; swap for Zendesk group names later. */
  teamName(team: number | null): string;
  /** `https://<subdomain>.zendesk.com` for links to tickets; null while Zendesk is not configured. */
  zendeskUrl: string | null;
  /** The effort model's settings: the configured weights it starts from and the answers it needs. */
  effortModel: { base: EffortWeights; minAnswers: number };
}

/** At most this many answered cases go to the effort model: a year of a busy center fits. */
const MODEL_CASE_LIMIT = 200_000;

export function formLabel(form: number | null): string {
  return form === null ? 'No form' : `Form ${form}`;
}

/** A day series for up to 92 days, weeks beyond: a year of days is too dense for a phone. */
export function defaultGranularity(filter: DashboardFilter): Granularity {
  return filter.to.getTime() - filter.from.getTime() <= 92 * DAY_MS ? 'day' : 'week';
}

function point(start: number, sums: EffortSums) {
  return { start: new Date(start).toISOString().slice(0, 10), ...figuresOf(sums) };
}

/** What the filter's answered cases add up to: any new, changed or removed answer changes it. */
function answerStamp(sums: EffortSums): string {
  return [
    sums.cesN,
    sums.cesSum,
    sums.cesSumSquares,
    sums.cases,
    sums.indexSum,
    sums.channelSwitches,
    sums.teamHandoffs,
    sums.agentHandoffs,
    sums.reopens,
    sums.repeatContacts,
    sums.firstContactResolutions,
    sums.resolutionMinutes,
  ].join(',');
}

export function createDashboardService(deps: DashboardDeps) {
  const fits = keptFits();
  const labelOf = (by: BreakdownDimension, key: string): string => {
    if (by === 'channel') return key;
    const id = Number(key) === -1 ? null : Number(key);
    return by === 'team' ? deps.teamName(id) : formLabel(id);
  };
  const alertLabel = (kind: string, subject: string, ticketId: number | null): string => {
    if (kind === 'low_score') return `Low score on ticket #${ticketId ?? '?'}`;
    const team = teamOfSegment(subject);
    return team === undefined ? segmentLabel(subject, {}) : deps.teamName(team);
  };
  const zendeskLink = (ticketId: number) => (deps.zendeskUrl ? `${deps.zendeskUrl}/agent/tickets/${ticketId}` : null);

  return {
    /** Headline figures of the period, and the same figures per day or week. */
    async overview(filter: DashboardFilter, granularity: Granularity = defaultGranularity(filter)) {
      const days = dailySeries(await deps.dashboard.dailyTotals(filter), filter.from.getTime(), filter.to.getTime());
      const total = sumAll(days.map((d) => d.sums));
      const series = granularity === 'day' ? days : weeklySeries(days);
      return {
        granularity,
        headline: figuresOf(total),
        responseRateByChannel: responseRateByChannel(total),
        series: series.map((entry) => point(entry.start, entry.sums)),
      };
    },

    /** Figures per team, channel or form, most cases first. */
    async breakdown(filter: DashboardFilter, by: BreakdownDimension) {
      const rows = await deps.dashboard.breakdown(filter, by);
      return rows
        .map((row) => ({ key: row.key, label: labelOf(by, row.key), ...figuresOf(row.sums) }))
        .sort((a, b) => b.cases - a.cases);
    },

    async cases(filter: DashboardFilter, order: CaseOrder, limit: number, offset: number) {
      const cases = await deps.dashboard.listCases(filter, order, limit, offset);
      return cases.map((c) => caseView(c, deps.teamName(c.team), zendeskLink(c.ticketId)));
    },

    async alerts(limit: number) {
      const alerts = await deps.alerts.listRecent(limit);
      return alerts.map((a) => ({
        id: a.id,
        kind: a.kind,
        subject: a.subject,
        label: alertLabel(a.kind, a.subject, a.ticketId),
        ticketId: a.ticketId,
        status: a.status,
        metrics: a.metrics,
        openedAt: a.openedAt.toISOString(),
        acknowledgedBy: a.acknowledgedBy,
        acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
        resolvedAt: a.resolvedAt?.toISOString() ?? null,
      }));
    },

    /**
     * The effort model fitted to the filter's answers. A fit takes tens to hundreds of ms at
     * tens of thousands of answers, so it is kept per filter (kept-fits.ts): a filter seen
     * before answers at once, refitted in the background when its answer totals changed.
     */
    async driverCosts(filter: DashboardFilter): Promise<DriverCostReport> {
      const stamp = answerStamp(sumAll((await deps.dashboard.dailyTotals(filter)).map((d) => d.sums)));
      return fits.get(JSON.stringify(filter), stamp, async () =>
        driverCostReport(await deps.dashboard.answeredCesCases(filter, MODEL_CASE_LIMIT), deps.effortModel),
      );
    },

    async options() {
      const { teams, channels, forms } = await deps.dashboard.dimensions();
      return {
        teams: teams.map((id) => ({ id, label: deps.teamName(id === -1 ? null : id) })),
        channels,
        forms: forms.map((id) => ({ id, label: formLabel(id === -1 ? null : id) })),
      };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
export type { PeriodFigures };

export function caseView(c: DashboardCase, teamLabel: string, zendeskUrl: string | null) {
  return {
    ticketId: c.ticketId,
    at: c.at.toISOString(),
    team: c.team,
    teamLabel,
    channel: c.channel,
    form: c.form,
    status: c.status,
    subject: c.subject,
    effortIndex: c.effortIndex,
    effortLevel: c.effortLevel,
    drivers: c.drivers,
    reasons: c.contributions.map((contribution) => contribution.detail),
    survey: c.survey,
    zendeskUrl,
  };
}
