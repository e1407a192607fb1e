/** The ticket as the provider holds it now (the latest snapshot, not its history). */
export interface TicketSnapshot {
  id: number;
  requesterId: number | null;
  status: string;
  groupId: number | null;
  assigneeId: number | null;
  /** `via.channel` of the ticket's creation. */
  channel: string;
  tags: string[];
  formId: number | null;
  /** Zendesk `brand_id` and `organization_id`; absent where the source does not give them. */
  brandId?: number | null;
  organizationId?: number | null;
  type: string | null;
  subject: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What we know of the person who asked for help; used for surveys and repeat contacts. */
export interface CustomerProfile {
  id: number;
  name: string | null;
  email: string | null;
  /** E.164 when the provider has it; never logged in full. */
  phone: string | null;
  /** BCP 47 tag such as `en-US` or `nl`. */
  locale: string | null;
  /** IANA zone such as `Europe/Amsterdam`, when it could be resolved. */
  timeZone: string | null;
  /** Zendesk user `role`: `end-user`, `agent` or `admin`; absent when unknown. */
  role?: string | null;
}

/** One update the bot makes to a ticket: fields, tags and one internal note, never a public comment. */
export interface TicketUpdate {
  customFields: Array<{ id: number; value: string | number | null }>;
  addTags: string[];
  removeTags: string[];
  internalNote: string | null;
  /**
   * Recorded on the audit the update creates (Zendesk: write-only ticket `metadata`, read back
   * as the audit's `metadata.custom`), so the sender can find that audit again. Added at send
   * time; never part of a stored outbox payload.
   */
  auditMetadata?: Record<string, string>;
}
