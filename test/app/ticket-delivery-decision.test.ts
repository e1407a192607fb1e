import { describe, expect, it } from 'vitest';
import { decideTicketDelivery } from '../../src/app/ticket-delivery-decision.js';
import type { TicketSnapshot } from '../../src/domain/ticket.js';
import type { StoredTicket } from '../../src/ports/store.js';

const at = (h: number) => new Date(Date.UTC(2025, 2, 3, h));
const snapshot = (status: string, hour: number): TicketSnapshot => ({
  id: 501,
  requesterId: 9001,
  status,
  groupId: 1,
  assigneeId: null,
  channel: 'email',
  tags: [],
  formId: null,
  type: null,
  subject: null,
  createdAt: at(9),
  updatedAt: at(hour),
});
const stored = (status: string, hour: number, syncedAt: Date | null): StoredTicket => ({
  ...snapshot(status, hour),
  effortStateKey: null,
  syncedAt,
});
const event = (status: string, hour: number) => ({ status, snapshot: snapshot(status, hour) });

describe('decideTicketDelivery: which deliveries cost Zendesk calls', () => {
  it.each([
    ['a new ticket', null, event('new', 10), 'apply'],
    ['a comment on an open ticket', stored('open', 10, null), event('open', 11), 'apply'],
    ['the solve of a ticket never read', stored('open', 10, null), event('solved', 11), 'sync'],
    ['a solve seen first', null, event('solved', 11), 'sync'],
    [
      'the solve of a backfilled solved ticket (never read live)',
      stored('solved', 10, null),
      event('solved', 11),
      'sync',
    ],
    ['the bot’s own write after the solve was read', stored('solved', 11, at(11)), event('solved', 12), 'apply'],
    ['closing a ticket whose solve was read', stored('solved', 11, at(11)), event('closed', 12), 'apply'],
    ['a reopen after the solve was read', stored('solved', 11, at(11)), event('open', 12), 'apply'],
    ['a solve again after a reopen', stored('open', 12, at(11)), event('solved', 13), 'sync'],
    ['an older event than the stored state', stored('open', 12, null), event('solved', 11), 'stale'],
  ] as const)('%s → %s', (_name, before, delivery, expected) => {
    expect(decideTicketDelivery(before, delivery)).toBe(expected);
  });

  it('trigger bodies (no snapshot): read on a solve or a reopen, skip what cannot matter, read when unsure', () => {
    expect(decideTicketDelivery(null, { status: 'solved', snapshot: null })).toBe('sync');
    expect(decideTicketDelivery(stored('solved', 11, at(11)), { status: 'open', snapshot: null })).toBe('sync');
    expect(decideTicketDelivery(stored('open', 11, null), { status: 'pending', snapshot: null })).toBe('skip');
    expect(decideTicketDelivery(stored('open', 11, null), { status: null, snapshot: null })).toBe('sync');
  });
});
