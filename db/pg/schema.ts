/**
 * The PostgreSQL schema: the same tables, columns and indexes as the SQLite one (db/schema.ts),
 * so one repository contract holds for both. Times are epoch milliseconds in `bigint` (they
 * overflow a 32-bit `integer`), ids are `bigint` (Zendesk ids pass 2^31), JSON is `jsonb`.
 * Migrations in db/migrations-pg are generated from this file and its two neighbours
 * (`npm run db:generate:pg`).
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, doublePrecision, index, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';

/** Inbox: every verified webhook delivery, stored before it is acknowledged. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    provider: text('provider').notNull(),
    deliveryId: text('delivery_id').notNull(),
    eventType: text('event_type'),
    rawBody: text('raw_body').notNull(),
    receivedAt: bigint('received_at', { mode: 'number' }).notNull(),
    status: text('status', { enum: ['pending', 'processing', 'done', 'ignored', 'dead'] })
      .notNull()
      .default('pending'),
    /** Deliveries with the same key (one ticket) are handled one at a time, in arrival order. */
    orderingKey: text('ordering_key'),
    attempts: bigint('attempts', { mode: 'number' }).notNull().default(0),
    /** Tries that failed; waits the provider asked for (429 Retry-After) are not failures. */
    failures: bigint('failures', { mode: 'number' }).notNull().default(0),
    /** Retries run until this time plus the horizon (RETRY_HOURS); a replayed dead letter starts again. */
    retryFrom: bigint('retry_from', { mode: 'number' }),
    nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }).notNull(),
    leaseUntil: bigint('lease_until', { mode: 'number' }),
    lastError: text('last_error'),
    processedAt: bigint('processed_at', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_provider_delivery').on(t.provider, t.deliveryId),
    index('webhook_deliveries_due').on(t.status, t.nextAttemptAt, t.id),
    index('webhook_deliveries_ordering').on(t.orderingKey, t.status),
  ],
);

/** Cases: the latest known snapshot of each ticket. */
export const tickets = pgTable(
  'tickets',
  {
    id: bigint('id', { mode: 'number' }).primaryKey(),
    requesterId: bigint('requester_id', { mode: 'number' }),
    status: text('status').notNull(),
    groupId: bigint('group_id', { mode: 'number' }),
    assigneeId: bigint('assignee_id', { mode: 'number' }),
    channel: text('channel').notNull(),
    tags: jsonb('tags').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    formId: bigint('form_id', { mode: 'number' }),
    brandId: bigint('brand_id', { mode: 'number' }),
    organizationId: bigint('organization_id', { mode: 'number' }),
    type: text('type'),
    subject: text('subject'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    syncedAt: bigint('synced_at', { mode: 'number' }),
    /** Set when stored audits changed and drivers must be computed again (survives a crash). */
    needsRecompute: boolean('needs_recompute').notNull().default(false),
    /** State key of the effort write-back last queued, so the same state is never written twice. */
    effortStateKey: text('effort_state_key'),
  },
  (t) => [
    index('tickets_requester_created').on(t.requesterId, t.createdAt),
    index('tickets_needs_recompute').on(t.needsRecompute),
  ],
);

export const customers = pgTable('customers', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  name: text('name'),
  email: text('email'),
  phone: text('phone'),
  locale: text('locale'),
  timeZone: text('time_zone'),
  /** Zendesk user role (end-user, agent, admin): agents asking for themselves get no survey. */
  role: text('role'),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

/** Provider-neutral audits (see src/domain/audit.ts); the source of every timeline. */
export const ticketAudits = pgTable(
  'ticket_audits',
  {
    id: bigint('id', { mode: 'number' }).primaryKey(),
    ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    authorId: bigint('author_id', { mode: 'number' }),
    channel: text('channel').notNull(),
    /** `via.source.rel`: tells a trigger from an automation on a solving `rule` audit. */
    viaRel: text('via_rel'),
    events: jsonb('events').notNull(),
  },
  (t) => [index('ticket_audits_ticket').on(t.ticketId, t.createdAt)],
);

/** Columns every derived timeline row has; a function, since each table needs its own builders. */
function timelineRowColumns() {
  return {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    auditId: bigint('audit_id', { mode: 'number' }).notNull(),
    at: bigint('at', { mode: 'number' }).notNull(),
  };
}

/** Customer and agent interactions, derived from audits; rebuilt with each timeline. */
export const touches = pgTable(
  'touches',
  {
    ...timelineRowColumns(),
    actor: text('actor', { enum: ['customer', 'agent'] }).notNull(),
    authorId: bigint('author_id', { mode: 'number' }),
    channel: text('channel').notNull(),
    isPublic: boolean('is_public').notNull(),
  },
  (t) => [index('touches_ticket').on(t.ticketId, t.at)],
);

/** Group and assignee changes, derived from audits. */
export const assignments = pgTable(
  'assignments',
  {
    ...timelineRowColumns(),
    kind: text('kind', { enum: ['group', 'assignee'] }).notNull(),
    fromId: bigint('from_id', { mode: 'number' }),
    toId: bigint('to_id', { mode: 'number' }),
  },
  (t) => [index('assignments_ticket').on(t.ticketId, t.at)],
);

export const statusChanges = pgTable(
  'status_changes',
  {
    ...timelineRowColumns(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
  },
  (t) => [index('status_changes_ticket').on(t.ticketId, t.at)],
);

/** Computed effort drivers and index per case. */
export const ticketDrivers = pgTable('ticket_drivers', {
  ticketId: bigint('ticket_id', { mode: 'number' })
    .primaryKey()
    .references(() => tickets.id, { onDelete: 'cascade' }),
  channelSwitches: bigint('channel_switches', { mode: 'number' }).notNull(),
  teamHandoffs: bigint('team_handoffs', { mode: 'number' }).notNull(),
  agentHandoffs: bigint('agent_handoffs', { mode: 'number' }).notNull(),
  reopens: bigint('reopens', { mode: 'number' }).notNull(),
  customerContacts: bigint('customer_contacts', { mode: 'number' }).notNull(),
  repeatContact: boolean('repeat_contact').notNull(),
  firstContactResolution: boolean('first_contact_resolution').notNull(),
  resolutionMinutes: bigint('resolution_minutes', { mode: 'number' }),
  customerWaitMinutes: bigint('customer_wait_minutes', { mode: 'number' }).notNull(),
  effortIndex: bigint('effort_index', { mode: 'number' }).notNull(),
  effortLevel: text('effort_level', { enum: ['low', 'medium', 'high'] }).notNull(),
  contributions: jsonb('contributions').notNull(),
  computedAt: bigint('computed_at', { mode: 'number' }).notNull(),
  /** The definitions-and-weights version the case was scored with; '' before versions were kept. */
  scoringVersion: text('scoring_version').notNull().default(''),
});

/** Outbox: every call that changes something outside (Zendesk write-backs, later SMS and Slack). */
export const outbox = pgTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    kind: text('kind').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    ticketId: bigint('ticket_id', { mode: 'number' }),
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'dead', 'cancelled'] })
      .notNull()
      .default('pending'),
    attempts: bigint('attempts', { mode: 'number' }).notNull().default(0),
    /** Tries that failed; waits (quiet hours, 429 Retry-After) are not failures. */
    failures: bigint('failures', { mode: 'number' }).notNull().default(0),
    /** Retries run until this time plus the horizon (RETRY_HOURS); a replayed dead letter starts again. */
    retryFrom: bigint('retry_from', { mode: 'number' }),
    /** An earlier try may have reached the provider: the sender asks it before sending again. */
    outcomeUnknown: boolean('outcome_unknown').notNull().default(false),
    nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }).notNull(),
    leaseUntil: bigint('lease_until', { mode: 'number' }),
    lastError: text('last_error'),
    providerId: text('provider_id'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('outbox_dedupe').on(t.dedupeKey), index('outbox_due').on(t.status, t.nextAttemptAt, t.id)],
);

/** Small named positions, such as the backfill's place in the incremental export. */
export const syncState = pgTable('sync_state', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

/**
 * One survey per ticket and resolution (`round`; a second one only with
 * `surveys.againOnNewResolution`). Who handled the case and its effort are captured when it is
 * solved (not when the answer arrives), so answers stay linked to the drivers they rate.
 */
export const surveys = pgTable(
  'surveys',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    customerId: bigint('customer_id', { mode: 'number' }),
    kind: text('kind', { enum: ['CES', 'CSAT', 'NPS'] }).notNull(),
    channel: text('channel', { enum: ['sms', 'slack', 'messaging', 'whatsapp'] }),
    /** Why this channel: the rule, the channel the customer last used, or the fallback order. */
    channelReason: text('channel_reason'),
    status: text('status').notNull(),
    skipRule: text('skip_rule'),
    skipReason: text('skip_reason'),
    language: text('language').notNull(),
    /**
     * E.164 phone for SMS, `whatsapp:+E164` for WhatsApp, the Conversations conversation id for
     * messaging, Slack user id (or the email to look up) for Slack.
     */
    address: text('address'),
    scheduledFor: bigint('scheduled_for', { mode: 'number' }),
    sentAt: bigint('sent_at', { mode: 'number' }),
    providerMessageId: text('provider_message_id'),
    slackChannel: text('slack_channel'),
    deliveryStatus: text('delivery_status'),
    deliveryError: text('delivery_error'),
    score: bigint('score', { mode: 'number' }),
    comment: text('comment'),
    verbatim: text('verbatim'),
    answeredAt: bigint('answered_at', { mode: 'number' }),
    groupId: bigint('group_id', { mode: 'number' }),
    assigneeId: bigint('assignee_id', { mode: 'number' }),
    effortIndex: bigint('effort_index', { mode: 'number' }),
    /** The journey rule's `sample` when planned (1 = everyone), so reports can weight answers back. */
    sampleRate: doublePrecision('sample_rate').notNull().default(1),
    /** CES wording asked (`ease` or `agreement`); null for CSAT and NPS. */
    wording: text('wording'),
    /** Names the exact texts asked (wording plus a fingerprint), so a change shows as a break in trends. */
    wordingVersion: text('wording_version'),
    /** When the one reminder went out; null while none did. */
    reminderSentAt: bigint('reminder_sent_at', { mode: 'number' }),
    /** 1-based position of the journey rule that chose the question; null for the default. */
    journeyRule: bigint('journey_rule', { mode: 'number' }),
    /** 1 for the ticket's first survey; a new resolution after an answer may add the next. */
    round: bigint('round', { mode: 'number' }).notNull().default(1),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('surveys_ticket_round').on(t.ticketId, t.round),
    index('surveys_customer_sent').on(t.customerId, t.sentAt),
    index('surveys_address_status').on(t.address, t.status),
    index('surveys_provider_message').on(t.providerMessageId),
    index('surveys_channel_sent').on(t.channel, t.sentAt),
  ],
);

/** Numbers (and other addresses) that asked not to be surveyed; honoured by every later send. */
export const optOuts = pgTable('opt_outs', {
  address: text('address').primaryKey(),
  optedOut: boolean('opted_out').notNull(),
  source: text('source').notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});
