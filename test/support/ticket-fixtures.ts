/** A ticket, its audits and a scored case for the ticket store's tests (test/db). */
import type { TicketAudit } from '../../src/domain/audit.js';
import type { EffortDrivers, EffortScore } from '../../src/domain/drivers.js';
import type { TicketSnapshot } from '../../src/domain/ticket.js';
import type { CaseTimeline } from '../../src/domain/timeline.js';

export const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 10, minute));
export const ticket = (id: number, overrides: Partial<TicketSnapshot> = {}): TicketSnapshot => ({
  id,
  requesterId: 7,
  status: 'open',
  groupId: 1,
  assigneeId: 2,
  channel: 'email',
  tags: ['vip'],
  formId: null,
  type: 'question',
  subject: 'Refund',
  createdAt: at(0),
  updatedAt: at(5),
  ...overrides,
});
export const audit = (id: number, ticketId: number, minute: number): TicketAudit => ({
  id,
  ticketId,
  createdAt: at(minute),
  authorId: 7,
  channel: 'email',
  events: [{ kind: 'comment', authorId: 7, public: true, voice: false }],
});

export const drivers: EffortDrivers = {
  channelSwitches: 1,
  teamHandoffs: 0,
  agentHandoffs: 0,
  reopens: 0,
  customerContacts: 2,
  repeatContact: false,
  firstContactResolution: false,
  resolutionMinutes: 3,
  customerWaitMinutes: 0,
};
export const score: EffortScore = {
  index: 15,
  level: 'low',
  contributions: [{ driver: 'channelSwitches', points: 12, detail: '1 channel switch x 12' }],
};
export function emptyTimeline(ticketId: number): CaseTimeline {
  return { ticketId, requesterId: 7, createdAt: at(0), touches: [], assignments: [], statusChanges: [] };
}
