import type { EffortDrivers } from '../../src/domain/drivers.js';
import type { ReportCase } from '../../src/domain/report/report-case.js';

export const NO_DRIVERS: EffortDrivers = Object.freeze({
  channelSwitches: 0,
  teamHandoffs: 0,
  agentHandoffs: 0,
  reopens: 0,
  customerContacts: 1,
  repeatContact: false,
  firstContactResolution: true,
  resolutionMinutes: 60,
  customerWaitMinutes: 0,
});

/** A solved case for report tests; override what the test is about. */
export function reportCase(ticketId: number, overrides: Partial<ReportCase> = {}): ReportCase {
  return {
    ticketId,
    subject: `Case ${ticketId}`,
    groupId: 1,
    channel: 'email',
    formId: null,
    solvedAt: new Date('2026-11-24T12:00:00Z'),
    effortIndex: 10,
    effortLevel: 'low',
    drivers: NO_DRIVERS,
    survey: null,
    ...overrides,
  };
}

export const ces = (score: number | null, verbatim: string | null = null): ReportCase['survey'] => ({
  kind: 'CES',
  sent: true,
  score,
  verbatim,
});
