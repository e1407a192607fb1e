/**
 * A stored ticket whose drivers depend on the handoff rule: created by the customer in the
 * default group, routed by a trigger to Billing before anyone replied, answered and solved
 * by Billing. After-engagement (the default) counts no handoff and first-contact resolution;
 * any-change counts one team handoff and no first-contact resolution.
 */
import type { TicketAudit } from '../../src/domain/audit.js';
import type { TicketSnapshot } from '../../src/domain/ticket.js';
import type { Store } from '../../src/ports/store.js';

export const CUSTOMER_ID = 9001;
const AGENT_ID = 501;
const DEFAULT_GROUP = 10;
const BILLING = 42;

export async function storeRoutedTicket(
  store: Store,
  id: number,
  createdAt: Date,
  overrides: Partial<TicketSnapshot> = {},
): Promise<TicketSnapshot> {
  const minute = (n: number) => new Date(createdAt.getTime() + n * 60_000);
  const ticket: TicketSnapshot = {
    id,
    requesterId: CUSTOMER_ID,
    status: 'solved',
    groupId: BILLING,
    assigneeId: AGENT_ID,
    channel: 'web',
    tags: [],
    formId: null,
    type: null,
    subject: 'Invoice',
    createdAt,
    updatedAt: minute(60),
    ...overrides,
  };
  const audit = (n: number, at: Date, authorId: number, channel: string, events: TicketAudit['events']) => ({
    id: id * 10 + n,
    ticketId: id,
    createdAt: at,
    authorId,
    channel,
    events,
  });
  const audits: TicketAudit[] = [
    audit(1, createdAt, CUSTOMER_ID, 'web', [
      { kind: 'comment', authorId: CUSTOMER_ID, public: true, voice: false },
      { kind: 'status', value: 'new', previous: null },
      { kind: 'group', value: DEFAULT_GROUP, previous: null },
    ]),
    audit(2, createdAt, -1, 'rule', [{ kind: 'group', value: BILLING, previous: DEFAULT_GROUP }]),
    audit(3, minute(30), AGENT_ID, 'web', [
      { kind: 'assignee', value: AGENT_ID, previous: null },
      { kind: 'comment', authorId: AGENT_ID, public: true, voice: false },
      { kind: 'status', value: 'solved', previous: 'new' },
    ]),
  ];
  await store.tickets.upsertTicket(ticket, minute(60));
  await store.tickets.replaceAudits(id, audits);
  return ticket;
}
