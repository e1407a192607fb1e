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

export interface CaseTimeline {
  ticketId: number;
  requesterId: number | null;
  createdAt: Date;
  touches: Touch[];
  assignments: AssignmentChange[];
  statusChanges: StatusChange[];
}

export const SOLVED_STATUSES: ReadonlySet<string> = new Set(['solved', 'closed']);
