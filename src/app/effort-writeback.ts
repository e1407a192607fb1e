import { planEffortWriteback } from '../domain/effort-writeback.js';
import type { Logger } from '../logger.js';
import { ZENDESK_TICKET_UPDATE, type ZendeskTicketUpdatePayload } from '../ports/outbox.js';
import type { Store } from '../ports/store.js';
import type { EventBus } from './event-bus.js';
import type { ComputedEffort } from './recompute-effort.js';

/**
 * Queues the effort write-back (field, tag, internal note) for a solved ticket, once per
 * state: the bot's own update comes back as a webhook, yields the same state and stops here.
 */
export async function queueEffortWriteback(
  store: Store,
  effort: ComputedEffort,
  options: { effortFieldId: number | null; now: Date; logger: Logger },
): Promise<'queued' | 'unchanged'> {
  const { ticket } = effort;
  const { update, stateKey } = planEffortWriteback({
    ticketId: ticket.id,
    score: effort.score,
    drivers: effort.drivers,
    effortFieldId: options.effortFieldId,
    currentTags: ticket.tags,
  });
  if (ticket.effortStateKey === stateKey) return 'unchanged';
  const message: ZendeskTicketUpdatePayload = { ticketId: ticket.id, update };
  const { duplicate } = await store.outbox.enqueue(
    {
      kind: ZENDESK_TICKET_UPDATE,
      dedupeKey: `zendesk.effort:${ticket.id}:${stateKey}`,
      ticketId: ticket.id,
      payload: message,
      notBefore: options.now,
    },
    options.now,
  );
  await store.tickets.setEffortStateKey(ticket.id, stateKey);
  options.logger.info({ ticketId: ticket.id, effortIndex: effort.score.index, duplicate }, 'effort write-back queued');
  return duplicate ? 'unchanged' : 'queued';
}

/**
 * What follows a computed effort, on a sync and on a rescoring alike: `effort.computed` for
 * the listeners (the alert sample of the case), and on a solved ticket the write-back. A
 * closed ticket can no longer be updated in Zendesk, so it is written on solve, before it closes.
 */
export async function publishEffort(
  store: Store,
  events: EventBus,
  effort: ComputedEffort,
  options: { effortFieldId: number | null; now: Date; logger: Logger },
): Promise<void> {
  const { ticket, score } = effort;
  await events.emit({
    type: 'effort.computed',
    ticketId: ticket.id,
    index: score.index,
    level: score.level,
    at: options.now,
  });
  if (ticket.status === 'solved') await queueEffortWriteback(store, effort, options);
}
