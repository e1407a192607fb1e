import type { DriverName } from '../drivers.js';
import { DEFAULT_EFFORT_WEIGHTS, type EffortWeights } from '../effort-index.js';
import { driverFeatures, MODEL_DRIVERS } from '../effort-model/index.js';
import { DRIVER_LABELS, driverLines, type ReportCase } from './report-case.js';

/** What answered cases say one unit of a driver costs in CES points, with its 95% interval. */
export interface DriverCesCost {
  /** "each team handoff" (the effort model's unit). */
  unit: string;
  perUnit: number;
  low: number;
  high: number;
  /** Answered cases with the driver that the estimate rests on. */
  n: number;
}

export type DriverCesCosts = Partial<Record<DriverName, DriverCesCost>>;

/** The costs the effort model fitted, and what they rest on; or why there are none. */
export type ReportCosts = { costs: DriverCesCosts; basis: string } | { unavailable: string };

export interface ReportOptions {
  since: Date;
  until: Date;
  teamNames: Readonly<Record<string, string>>;
  worstCount: number;
  /** Driver costs from the effort model, or why there are none. */
  costs: ReportCosts;
  /** The weights the cases were scored with: they set the duration drivers' steps. */
  weights?: EffortWeights;
  ticketUrl: (ticketId: number) => string | null;
}

export interface ReportFigures {
  since: string;
  until: string;
  headline: {
    cases: number;
    surveysSent: number;
    answers: number;
    responseRate: number | null;
    cesAverage: number | null;
    /** Share of CES answers 5-7. */
    shareEasy: number | null;
    effortIndexAverage: number | null;
    highEffortShare: number | null;
  };
  drivers: Array<{
    driver: DriverName;
    label: string;
    casesWith: number;
    share: number | null;
    cesCost: DriverCesCost | null;
  }>;
  /** What the costs rest on, or why the cost column is empty. */
  costNote: string;
  worstTeams: Array<{
    groupId: number | null;
    team: string;
    cases: number;
    effortIndexAverage: number;
    answers: number;
    cesAverage: number | null;
  }>;
  worstCases: Array<{
    ticketId: number;
    subject: string | null;
    team: string;
    effortIndex: number;
    effortLevel: string;
    lines: string[];
    cesScore: number | null;
    verbatim: string | null;
    url: string | null;
  }>;
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
const round = (value: number | null, digits: number) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

export function teamLabel(groupId: number | null, teamNames: Readonly<Record<string, string>>): string {
  return groupId === null ? 'No team' : (teamNames[String(groupId)] ?? `Group ${groupId}`);
}

function cesScores(cases: ReportCase[]): number[] {
  return cases.flatMap((c) => (c.survey?.kind === 'CES' && c.survey.score !== null ? [c.survey.score] : []));
}

/** The period's figures: headline numbers, drivers with their CES cost, the worst teams and cases. */
export function computeReport(cases: ReportCase[], options: ReportOptions): ReportFigures {
  const scores = cesScores(cases);
  const ces = cases.filter((c) => c.survey?.kind === 'CES');
  const sent = ces.filter((c) => c.survey?.sent).length;
  const costs = 'costs' in options.costs ? options.costs.costs : {};
  const features = cases.map((c) => driverFeatures(c.drivers, options.weights ?? DEFAULT_EFFORT_WEIGHTS));
  return {
    since: options.since.toISOString(),
    until: options.until.toISOString(),
    headline: {
      cases: cases.length,
      surveysSent: sent,
      answers: scores.length,
      responseRate: sent ? round(scores.length / sent, 3) : null,
      cesAverage: round(mean(scores), 2),
      shareEasy: scores.length ? round(scores.filter((s) => s >= 5).length / scores.length, 3) : null,
      effortIndexAverage: round(mean(cases.map((c) => c.effortIndex)), 1),
      highEffortShare: cases.length
        ? round(cases.filter((c) => c.effortLevel === 'high').length / cases.length, 3)
        : null,
    },
    drivers: MODEL_DRIVERS.map((driver, i) => {
      const casesWith = features.filter((values) => (values[i] ?? 0) > 0).length;
      return {
        driver,
        label: DRIVER_LABELS[driver],
        casesWith,
        share: cases.length ? round(casesWith / cases.length, 3) : null,
        cesCost: costs[driver] ?? null,
      };
    }),
    costNote: 'unavailable' in options.costs ? options.costs.unavailable : options.costs.basis,
    worstTeams: worstTeams(cases, options),
    worstCases: [...cases]
      .sort((a, b) => b.effortIndex - a.effortIndex || a.ticketId - b.ticketId)
      .slice(0, options.worstCount)
      .map((c) => ({
        ticketId: c.ticketId,
        subject: c.subject,
        team: teamLabel(c.groupId, options.teamNames),
        effortIndex: c.effortIndex,
        effortLevel: c.effortLevel,
        lines: driverLines(c.drivers),
        cesScore: c.survey?.kind === 'CES' ? c.survey.score : null,
        verbatim: c.survey?.verbatim ?? null,
        url: options.ticketUrl(c.ticketId),
      })),
  };
}

/** Teams by their average effort index, highest first; a team's CES average where it has answers. */
function worstTeams(cases: ReportCase[], options: ReportOptions): ReportFigures['worstTeams'] {
  const byTeam = new Map<number | null, ReportCase[]>();
  for (const c of cases) byTeam.set(c.groupId, [...(byTeam.get(c.groupId) ?? []), c]);
  return [...byTeam.entries()]
    .map(([groupId, teamCases]) => {
      const scores = cesScores(teamCases);
      return {
        groupId,
        team: teamLabel(groupId, options.teamNames),
        cases: teamCases.length,
        effortIndexAverage: round(mean(teamCases.map((c) => c.effortIndex)), 1) ?? 0,
        answers: scores.length,
        cesAverage: round(mean(scores), 2),
      };
    })
    .sort((a, b) => b.effortIndexAverage - a.effortIndexAverage || b.cases - a.cases)
    .slice(0, options.worstCount);
}
