import type { DriverName, EffortDrivers, EffortLevel } from '../drivers.js';
import type { SurveyKind } from '../survey/survey.js';

/** One case solved in the report's period, with its drivers and its survey, if any. */
export interface ReportCase {
  ticketId: number;
  subject: string | null;
  groupId: number | null;
  channel: string;
  formId: number | null;
  solvedAt: Date;
  effortIndex: number;
  effortLevel: EffortLevel;
  drivers: EffortDrivers;
  survey: {
    kind: SurveyKind;
    sent: boolean;
    /** Null until the customer answers. */
    score: number | null;
    verbatim: string | null;
  } | null;
}

/** Resolution slower than this is named in a case's lines (one working day and a bit). */
export const SLOW_RESOLUTION_MINUTES = 24 * 60;

/** Each driver as the report's tables name it (the effort model's MODEL_DRIVERS). */
export const DRIVER_LABELS: Readonly<Record<DriverName, string>> = {
  channelSwitches: 'Channel switches',
  teamHandoffs: 'Team handoffs',
  agentHandoffs: 'Agent handoffs',
  reopens: 'Reopens',
  extraContacts: 'Extra contacts',
  repeatContact: 'Repeat contact',
  notFirstContactResolution: 'Not solved on first contact',
  slowResolution: 'Slow resolution',
  customerWait: 'Customer waiting',
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One line per driver the case has ("passed between 3 teams"), in report order. */
export function driverLines(drivers: EffortDrivers): string[] {
  const lines: string[] = [];
  if (drivers.channelSwitches > 0) lines.push(`switched channel ${plural(drivers.channelSwitches, 'time', 'times')}`);
  if (drivers.teamHandoffs > 0) lines.push(`passed between ${drivers.teamHandoffs + 1} teams`);
  if (drivers.agentHandoffs > 0) lines.push(`passed between ${drivers.agentHandoffs + 1} agents`);
  if (drivers.reopens > 0) lines.push(`reopened ${plural(drivers.reopens, 'time', 'times')}`);
  if (drivers.repeatContact) lines.push('contacted us again about the same issue');
  if (!drivers.firstContactResolution && drivers.customerContacts > 1)
    lines.push(`needed ${drivers.customerContacts} contacts`);
  if ((drivers.resolutionMinutes ?? 0) > SLOW_RESOLUTION_MINUTES)
    lines.push(`took ${Math.round((drivers.resolutionMinutes ?? 0) / 60)} h to solve`);
  return lines;
}
