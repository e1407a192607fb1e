import type { TicketSnapshot } from '../../src/domain/ticket.js';

/** 3 March 2025 at `hour`:00 UTC: the day the app tests' ticket 501 lives through. */
export const onMarch3 = (hour: number) => new Date(Date.UTC(2025, 2, 3, hour));

/** Ticket 501, open, created at 9:00 and last changed at `updatedHour`:00; override per test. */
export function openTicket501(updatedHour = 9, overrides: Partial<TicketSnapshot> = {}): TicketSnapshot {
  return {
    id: 501,
    requesterId: null,
    status: 'open',
    groupId: 1,
    assigneeId: 7002,
    channel: 'email',
    tags: [],
    formId: null,
    type: null,
    subject: 'Invoice charged twice',
    createdAt: onMarch3(9),
    updatedAt: onMarch3(updatedHour),
    ...overrides,
  };
}
