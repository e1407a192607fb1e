import type { RepeatContactDefinition } from './driver-definitions.js';

/** Another ticket of the same requester, with what says what it was about. */
export interface RelatedTicket {
  createdAt: Date;
  formId: number | null;
  tags: readonly string[];
}

export interface DriverContext {
  /** Creation times of the same requester's OTHER tickets (this one excluded). */
  requesterTicketsCreatedAt: Date[];
  /**
   * The same tickets with their form and tags, and this ticket's own, when the caller has them;
   * needed only when `repeatContact.sameTopic` is `form` or `tags`.
   */
  topic?: { ticket: Omit<RelatedTicket, 'createdAt'>; requesterTickets: RelatedTicket[] };
}

const DAY_MS = 24 * 60 * 60_000;
/** The default window: another ticket from the same requester in the 7 days before this one. */
export const REPEAT_CONTACT_WINDOW_MS = 7 * DAY_MS;

/**
 * Another ticket of the same requester created in [createdAt - window, createdAt), and, when
 * configured, about the same thing: the same ticket form, or a shared tag from the configured
 * set. Without topic data in the context, topics cannot be compared and every ticket in the
 * window counts (the `any` rule), so a missing wiring never hides a repeat contact.
 */
export function isRepeatContact(createdAt: Date, context: DriverContext, definition: RepeatContactDefinition): boolean {
  const end = createdAt.getTime();
  const start = end - definition.windowDays * DAY_MS;
  const inWindow = (at: Date) => at.getTime() >= start && at.getTime() < end;
  const { topic } = context;
  if (definition.sameTopic === 'any' || !topic) return context.requesterTicketsCreatedAt.some(inWindow);
  return topic.requesterTickets.some(
    (other) => inWindow(other.createdAt) && sameTopic(topic.ticket, other, definition),
  );
}

function sameTopic(
  ticket: Omit<RelatedTicket, 'createdAt'>,
  other: RelatedTicket,
  definition: RepeatContactDefinition,
): boolean {
  if (definition.sameTopic === 'form') return ticket.formId !== null && ticket.formId === other.formId;
  const topicTags = new Set(definition.tags);
  return ticket.tags.some((tag) => topicTags.has(tag) && other.tags.includes(tag));
}
