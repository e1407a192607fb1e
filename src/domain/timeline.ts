/** The case timeline: what happened on one ticket, in time order. Built by build-timeline.ts. */
export type TouchActor = 'customer' | 'agent';

export interface Touch {
  auditId: number;
  at: Date;
  actor: TouchActor;
  authorId: number | null;
  channel: string;
  public: boolean;
}

export interface AssignmentChange {
  auditId: number;
  at: Date;
  kind: 'group' | 'assignee';
  from: number | null;
  to: number | null;
}

export interface StatusChange {
  auditId: number;
  at: Date;
  from: string | null;
  to: string;
}

/**
 * A person working the ticket in a way the customer could feel: a public reply, a call, or a
 * status they set (pending, on-hold, solved). Routing by triggers, automations or omnichannel
 * routing, and plain reassignments, are not engagement. See docs/drivers.md.
 */
export interface Engagement {
  auditId: number;
  at: Date;
  agentId: number;
  /** The agent assigned the ticket to themselves in the same update: they speak as its new owner. */
  tookOwnership: boolean;
}

export interface CaseTimeline {
  ticketId: number;
  requesterId: number | null;
  createdAt: Date;
  touches: Touch[];
  assignments: AssignmentChange[];
  statusChanges: StatusChange[];
  /**
   * Optional because timelines read back from the database do not store them (drivers are
   * always computed from a freshly built timeline); absent means none.
   */
  engagements?: Engagement[];
  /** Tickets merged into this one. */
  mergedTicketIds?: number[];
}

export const SOLVED_STATUSES: ReadonlySet<string> = new Set(['solved', 'closed']);
