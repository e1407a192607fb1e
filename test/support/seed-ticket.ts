import type { EffortDrivers } from '../../src/domain/drivers.js';
import { scoreEffort } from '../../src/domain/effort-index.js';
import type { Store } from '../../src/ports/store.js';
import type { NewSurvey } from '../../src/ports/survey-store.js';

/** What a sync stores for one ticket: its snapshot (group 3, email) and its drivers, scored with the default weights. */
export async function storeTicketEffort(
  store: Store,
  ticket: { id: number; status: string; drivers: EffortDrivers; createdAt: Date; syncedAt: Date },
): Promise<void> {
  const { id, createdAt } = ticket;
  await store.tickets.upsertTicket(
    {
      id,
      requesterId: 5,
      status: ticket.status,
      groupId: 3,
      assigneeId: 8,
      channel: 'email',
      tags: [],
      formId: null,
      type: null,
      subject: `Case ${id}`,
      createdAt,
      updatedAt: ticket.syncedAt,
    },
    ticket.syncedAt,
  );
  const timeline = { ticketId: id, requesterId: 5, createdAt, touches: [], assignments: [], statusChanges: [] };
  await store.tickets.saveEffort(id, timeline, ticket.drivers, scoreEffort(ticket.drivers), ticket.syncedAt);
}

/** An answered CES survey by SMS, sent and answered at `at`; override what the test is about. */
export function answeredSurvey(ticketId: number, at: Date, overrides: Partial<NewSurvey> = {}): NewSurvey {
  return {
    ticketId,
    customerId: 5,
    kind: 'CES',
    channel: 'sms',
    channelReason: null,
    status: 'answered',
    skipRule: null,
    skipReason: null,
    language: 'en',
    address: '+31600000000',
    scheduledFor: null,
    sentAt: at,
    providerMessageId: null,
    slackChannel: null,
    deliveryStatus: null,
    deliveryError: null,
    score: 3,
    comment: null,
    verbatim: null,
    answeredAt: at,
    groupId: 3,
    assigneeId: 8,
    effortIndex: null,
    ...overrides,
  };
}
