import type { AuditEvent, TicketAudit } from './audit.js';
import type { AssignmentChange, CaseTimeline, Engagement, StatusChange, Touch, TouchActor } from './timeline.js';

export interface BuildTimelineInput {
  ticketId: number;
  requesterId: number | null;
  createdAt: Date;
  audits: TicketAudit[];
  /** The user the bot's API token acts as; null when unknown (then no audit is treated as the bot's). */
  botUserId: number | null;
}

/** Business rules and system jobs act on a ticket but are nobody's contact with the customer. */
const AUTOMATED_CHANNELS: ReadonlySet<string> = new Set(['rule', 'system']);

/**
 * Statuses an agent sets by deciding something (asking the customer, parking, solving). `open`
 * is not one: Zendesk opens a new ticket by itself when it is assigned or a trigger fires.
 */
const ENGAGING_STATUSES: ReadonlySet<string> = new Set(['pending', 'hold', 'solved', 'closed']);

type CommentEvent = Extract<AuditEvent, { kind: 'comment' }>;

/**
 * Rebuilds what happened on one ticket from its audits. The same audit can arrive twice
 * (REST audits and the incremental export, webhook retries), and pages can arrive out of
 * order, so audits are de-duplicated by id and put in (createdAt, id) order first: the
 * result depends only on the set of audits, not on how they were delivered.
 */
export function buildTimeline(input: BuildTimelineInput): CaseTimeline {
  const touches: Touch[] = [];
  const assignments: AssignmentChange[] = [];
  const statusChanges: StatusChange[] = [];
  const engagements: Engagement[] = [];
  const mergedTicketIds: number[] = [];

  for (const audit of sortUniqueAudits(input.audits)) {
    // The bot's own writes (effort tags, internal notes) must not feed back into the effort they report.
    if (isBotApiAudit(audit, input.botUserId)) continue;
    const automated = AUTOMATED_CHANNELS.has(audit.channel.toLowerCase());
    if (!automated) engagements.push(...auditEngagements(audit, input.requesterId));

    for (const event of audit.events) {
      switch (event.kind) {
        case 'comment':
          // Triggers and automations post comments too (auto-replies); they are not touches.
          if (!automated) touches.push(toTouch(audit, event, input.requesterId));
          break;
        case 'status':
          statusChanges.push({ auditId: audit.id, at: audit.createdAt, from: event.previous, to: event.value });
          break;
        case 'group':
        case 'assignee':
          // Kept even from rules and routing: whether a change is a handoff depends on engagement (compute-drivers).
          assignments.push({
            auditId: audit.id,
            at: audit.createdAt,
            kind: event.kind,
            from: event.previous,
            to: event.value,
          });
          break;
        case 'merge':
          mergedTicketIds.push(...event.ticketIds.filter((id) => !mergedTicketIds.includes(id)));
          break;
      }
    }
  }

  return {
    ticketId: input.ticketId,
    requesterId: input.requesterId,
    createdAt: input.createdAt,
    touches,
    assignments,
    statusChanges,
    engagements,
    mergedTicketIds,
  };
}

/**
 * Who engaged in this (non-automated) audit: a person other than the requester writing a
 * public comment or logging an answered call, or setting an engaging status in their own update.
 */
function auditEngagements(audit: TicketAudit, requesterId: number | null): Engagement[] {
  const isAgent = (id: number | null): id is number => id !== null && id !== requesterId;
  const agents = new Set<number>();
  for (const event of audit.events) {
    if (event.kind === 'comment' && isAgent(event.authorId) && (event.public || answeredCall(event)))
      agents.add(event.authorId);
    if (event.kind === 'status' && ENGAGING_STATUSES.has(event.value.toLowerCase()) && isAgent(audit.authorId))
      agents.add(audit.authorId);
  }
  return [...agents].map((agentId) => ({
    auditId: audit.id,
    at: audit.createdAt,
    agentId,
    tookOwnership: audit.events.some((event) => event.kind === 'assignee' && event.value === agentId),
  }));
}

/** Oldest first, ties broken by audit id; the first copy of a repeated id wins. */
export function sortUniqueAudits(audits: readonly TicketAudit[]): TicketAudit[] {
  const sorted = [...audits].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  const seen = new Set<number>();
  return sorted.filter((audit) => {
    if (seen.has(audit.id)) return false;
    seen.add(audit.id);
    return true;
  });
}

/** An API audit made by the bot's user, or carrying a comment written as the bot. */
function isBotApiAudit(audit: TicketAudit, botUserId: number | null): boolean {
  if (botUserId === null || audit.channel.toLowerCase() !== 'api') return false;
  if (audit.authorId === botUserId) return true;
  return audit.events.some((event) => event.kind === 'comment' && event.authorId === botUserId);
}

function toTouch(audit: TicketAudit, comment: CommentEvent, requesterId: number | null): Touch {
  return {
    auditId: audit.id,
    at: audit.createdAt,
    actor: touchActor(comment, requesterId),
    authorId: comment.authorId,
    channel: audit.channel,
    public: comment.public,
  };
}

/** A call an agent took or placed; a voicemail is the customer talking to no one. */
function answeredCall(comment: CommentEvent): boolean {
  return comment.voice && comment.call !== 'voicemail';
}

function touchActor(comment: CommentEvent, requesterId: number | null): TouchActor {
  // A call the agent placed is the agent reaching the customer, not the customer reaching us.
  if (comment.voice && comment.call === 'outbound') return 'agent';
  // Any other call is the customer reaching us, whoever logged it on the ticket.
  if (comment.voice) return 'customer';
  // The null check matters: an anonymous comment must not match an unknown requester.
  if (requesterId !== null && comment.authorId === requesterId) return 'customer';
  return 'agent';
}
