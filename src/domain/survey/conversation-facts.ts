import type { TicketAudit } from '../audit.js';
import { sortUniqueAudits } from '../build-timeline.js';
import type { CaseTimeline } from '../timeline.js';

/** Who or what made one audit: its `via.channel`, `via.source.rel` and author. */
export interface AuditOrigin {
  auditId: number;
  channel: string;
  /** `via.source.rel` (`trigger`, `automation`, ...); null when Zendesk gave none. */
  rel: string | null;
  /** null for Zendesk's system user (`-1`) and unknown authors. */
  authorId: number | null;
}

/**
 * What the "real conversation" rules need to know about a case, derived from its audits and
 * timeline only, so a replay of the same audits decides the same.
 */
export interface ConversationFacts {
  /**
   * Public comments by someone other than the requester, and calls someone took or placed
   * (a voicemail is not one); triggers' and automations' auto-replies are not replies.
   */
  agentPublicReplies: number;
  /** Comments and calls from the requester (a call counts whoever logged it). */
  customerMessages: number;
  /** The ticket's first audit: how it was created and by whom. */
  creation: AuditOrigin | null;
  /** The audit of the last change to solved (or closed, when it never was solved). */
  solving: AuditOrigin | null;
}

const DONE = ['solved', 'closed'];

export function conversationFacts(audits: readonly TicketAudit[], timeline: CaseTimeline): ConversationFacts {
  const sorted = sortUniqueAudits(audits);
  const first = sorted[0];
  return {
    agentPublicReplies: agentReplies(sorted, timeline.requesterId),
    customerMessages: timeline.touches.filter((touch) => touch.actor === 'customer').length,
    creation: first ? originOf(first) : null,
    solving: solvingAudit(sorted),
  };
}

/** Business rules and Zendesk's own jobs write comments too; none is a person answering. */
const AUTOMATED_CHANNELS = ['rule', 'system'];

function agentReplies(sorted: readonly TicketAudit[], requesterId: number | null): number {
  let replies = 0;
  for (const audit of sorted) {
    if (AUTOMATED_CHANNELS.includes(audit.channel.toLowerCase())) continue;
    for (const event of audit.events) {
      if (event.kind !== 'comment') continue;
      const byAgent = event.authorId !== null && event.authorId !== requesterId && event.public;
      const answeredCall = event.voice && event.call !== 'voicemail';
      if (byAgent || answeredCall) replies++;
    }
  }
  return replies;
}

function solvingAudit(sorted: readonly TicketAudit[]): AuditOrigin | null {
  for (const status of DONE) {
    const audit = sorted.findLast((candidate) =>
      candidate.events.some((event) => event.kind === 'status' && event.value.toLowerCase() === status),
    );
    if (audit) return originOf(audit);
  }
  return null;
}

function originOf(audit: TicketAudit): AuditOrigin {
  return {
    auditId: audit.id,
    channel: audit.channel.toLowerCase(),
    rel: audit.viaRel?.toLowerCase() ?? null,
    authorId: audit.authorId,
  };
}
