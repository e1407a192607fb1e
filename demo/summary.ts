import { segmentLabel, teamSegment } from '../src/domain/alerts/segments.js';
import type { SurveyChannel } from '../src/domain/survey/survey.js';
import { METRIC_DEFINITIONS } from '../src/domain/alerts/alert-metrics.js';
import type { DemoRun } from './run-demo.js';
import { selfCheck } from './self-check.js';
import { DEMO_TEAMS, RISING_TEAM_ID } from './scenario.js';

export interface TeamSummary {
  team: string;
  tickets: number;
  /** Team handoffs per case before and after the midpoint of the week. */
  handoffsBefore: number;
  handoffsAfter: number;
  channelSwitches: number;
  reopenRate: number;
  effortIndex: number;
  cesAverage: number | null;
  cesAnswers: number;
}

export interface DemoSummary {
  tickets: number;
  scored: number;
  surveysSent: Record<SurveyChannel, number>;
  answered: number;
  answerRate: number;
  optedOut: number;
  cesAverage: number | null;
  teams: TeamSummary[];
  effortAlerts: Array<{
    id: number;
    segment: string;
    label: string;
    metrics: string[];
    openedAt: Date;
    status: string;
  }>;
  lowScoreAlerts: number;
  slackMessagesToLeads: number;
  risingTeam: string;
  riseCaught: boolean;
  otherEffortAlerts: number;
  /** Whether the run was big enough to catch the rise (rise-feasibility.ts); a miss counts only then. */
  riseCatchable: boolean;
}

const mean = (values: number[]) =>
  values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;

/** What the service did with the week, read back from its own store and the stand-ins. */
export async function summarize(run: DemoRun): Promise<DemoSummary> {
  const { store } = run.service;
  const teamNames = Object.fromEntries(DEMO_TEAMS.map((t) => [String(t.id), t.name]));
  const rows: Array<{
    team: number | null;
    after: boolean;
    handoffs: number;
    switches: number;
    reopened: boolean;
    index: number;
    ces: number | null;
  }> = [];
  const sent: Record<SurveyChannel, number> = { sms: 0, whatsapp: 0, messaging: 0, slack: 0 };
  let answered = 0;
  for (const demoCase of run.week.cases) {
    const effort = await store.tickets.getEffort(demoCase.ticket.id);
    const survey = await store.surveys.getByTicket(demoCase.ticket.id);
    if (survey?.sentAt && survey.channel) sent[survey.channel] += 1;
    const ces = survey?.kind === 'CES' ? (survey.score ?? null) : null;
    if (survey?.score != null) answered += 1;
    if (!effort) continue;
    rows.push({
      team: effort.ticket.groupId,
      after: demoCase.solvedAt >= run.week.riseAt,
      handoffs: effort.drivers.teamHandoffs,
      switches: effort.drivers.channelSwitches,
      reopened: effort.drivers.reopens > 0,
      index: effort.score.index,
      ces,
    });
  }
  const cesOf = (list: typeof rows) => list.flatMap((r) => (r.ces === null ? [] : [r.ces]));
  const teams = DEMO_TEAMS.map((team): TeamSummary => {
    const own = rows.filter((r) => r.team === team.id);
    const ces = cesOf(own);
    return {
      team: team.name,
      tickets: own.length,
      handoffsBefore: mean(own.filter((r) => !r.after).map((r) => r.handoffs)),
      handoffsAfter: mean(own.filter((r) => r.after).map((r) => r.handoffs)),
      channelSwitches: mean(own.map((r) => r.switches)),
      reopenRate: mean(own.map((r) => (r.reopened ? 1 : 0))),
      effortIndex: mean(own.map((r) => r.index)),
      cesAverage: ces.length ? mean(ces) : null,
      cesAnswers: ces.length,
    };
  });
  const alerts = await store.alerts.listRecent(1000);
  const effortAlerts = alerts
    .filter((a) => a.kind === 'metric')
    .reverse()
    .map((a) => ({
      id: a.id,
      segment: a.subject,
      label: segmentLabel(a.subject, teamNames),
      metrics: a.metrics,
      openedAt: a.openedAt,
      status: a.status,
    }));
  const rising = teamSegment(RISING_TEAM_ID);
  const allCes = cesOf(rows);
  const totalSent = Object.values(sent).reduce((sum, n) => sum + n, 0);
  return {
    tickets: run.week.cases.length,
    scored: rows.length,
    surveysSent: sent,
    answered,
    answerRate: totalSent ? answered / totalSent : 0,
    optedOut: run.standIns.twilio.state.optedOut.size,
    cesAverage: allCes.length ? mean(allCes) : null,
    teams,
    effortAlerts,
    lowScoreAlerts: alerts.filter((a) => a.kind === 'low_score').length,
    slackMessagesToLeads: run.standIns.slack.state.messagesIn(run.leadsChannelId).length,
    risingTeam: teamNames[String(RISING_TEAM_ID)] ?? rising,
    riseCaught: effortAlerts.some((a) => a.segment === rising),
    otherEffortAlerts: effortAlerts.filter((a) => a.segment !== rising).length,
    riseCatchable: run.feasibility.feasible,
  };
}

const fixed = (value: number | null, digits = 2) =>
  value === null || Number.isNaN(value) ? '–' : value.toFixed(digits);
const pct = (value: number) => (Number.isNaN(value) ? '–' : `${Math.round(value * 100)}%`);

function table(header: string[], body: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)];
}

/** The summary a newcomer reads at the end of `npm run demo`. */
export function formatSummary(summary: DemoSummary): string {
  const lines = [
    `Tickets solved: ${summary.tickets} (scored by the service: ${summary.scored})`,
    `Surveys sent: ${Object.values(summary.surveysSent).reduce((sum, n) => sum + n, 0)} (SMS ${summary.surveysSent.sms}, WhatsApp ${summary.surveysSent.whatsapp}, messaging ${summary.surveysSent.messaging}, Slack ${summary.surveysSent.slack}) · answered ${summary.answered} (${pct(summary.answerRate)}) · opted out by STOP: ${summary.optedOut}`,
    `CES overall: ${fixed(summary.cesAverage, 1)} on 1-7`,
    '',
    ...table(
      ['Team', 'Tickets', 'Handoffs/case 1st half', '2nd half', 'Switches/case', 'Reopens', 'Effort index', 'CES (n)'],
      summary.teams.map((t) => [
        t.team,
        String(t.tickets),
        fixed(t.handoffsBefore),
        fixed(t.handoffsAfter),
        fixed(t.channelSwitches),
        pct(t.reopenRate),
        fixed(t.effortIndex, 0),
        `${fixed(t.cesAverage, 1)} (${t.cesAnswers})`,
      ]),
    ),
    '',
    `Effort alerts posted to #support-leads: ${summary.effortAlerts.length}`,
    ...summary.effortAlerts.map(
      (a) =>
        `  #${a.id} ${a.label}: ${a.metrics.map((m) => METRIC_DEFINITIONS[m as keyof typeof METRIC_DEFINITIONS]?.label ?? m).join(', ')} · opened ${a.openedAt.toISOString().slice(0, 16).replace('T', ' ')} · ${a.status}`,
    ),
    `Closed-loop call-back alerts (CES 1-2 on a case with handoffs or switches): ${summary.lowScoreAlerts}`,
    `Slack messages in #support-leads (alerts, thread updates): ${summary.slackMessagesToLeads}`,
    selfCheck(summary).line,
  ];
  return lines.join('\n');
}
