/**
 * Provider-neutral record of one change to a ticket. Zendesk audits (REST) and
 * incremental ticket events (backfill) are both mapped into this shape by
 * integrations/zendesk/map.ts, so one timeline builder serves both sources.
 */
export type CallDirection = 'inbound' | 'outbound' | 'voicemail';

export type AuditEvent =
  | {
      kind: 'comment';
      authorId: number | null;
      public: boolean;
      /** A phone call recorded on the ticket (Zendesk `VoiceComment`): a customer interaction whoever authored it. */
      voice: boolean;
      /**
       * For a call, Zendesk's `via.source.rel`: `inbound` (the customer called), `outbound` (an
       * agent called the customer) or `voicemail` (nobody answered). Absent when unknown, e.g.
       * on audits stored before the direction was kept; such calls count as answered inbound.
       */
      call?: CallDirection;
    }
  /** Other tickets were closed and merged into this one (Zendesk via `merge`): the customer asked more than once. */
  | { kind: 'merge'; ticketIds: number[] }
  | { kind: 'status'; value: string; previous: string | null }
  | { kind: 'group'; value: number | null; previous: number | null }
  | { kind: 'assignee'; value: number | null; previous: number | null }
  /**
   * The case ran in a Zendesk messaging conversation: its Sunshine Conversations id (Zendesk's
   * `ChatStartedEvent` on a messaging ticket), where a survey can be asked in the same chat.
   */
  | { kind: 'conversation'; conversationId: string };

export interface TicketAudit {
  /** Zendesk audit id; stable across the REST audits API and the incremental export. */
  id: number;
  ticketId: number;
  createdAt: Date;
  authorId: number | null;
  /** `via.channel` as Zendesk sends it: an open set of strings (email, web, voice, chat, sms, api, rule, ...). */
  channel: string;
  /**
   * `via.source.rel` when Zendesk gives one: `trigger` or `automation` on a business rule's
   * audit (channel `rule`). Absent on audits stored before it was kept.
   */
  viaRel?: string | null;
  events: AuditEvent[];
}
