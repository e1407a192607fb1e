/**
 * The embedded SQLite schema. Times are integer epoch milliseconds; JSON columns hold
 * plain data. Migrations are generated from this file by drizzle-kit (`npm run db:generate`).
 */
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Inbox: every verified webhook delivery, stored before it is acknowledged. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    provider: text('provider').notNull(),
    deliveryId: text('delivery_id').notNull(),
    eventType: text('event_type'),
    rawBody: text('raw_body').notNull(),
    receivedAt: integer('received_at').notNull(),
    status: text('status', { enum: ['pending', 'processing', 'done', 'ignored', 'dead'] })
      .notNull()
      .default('pending'),
    /** Deliveries with the same key (one ticket) are handled one at a time, in arrival order. */
    orderingKey: text('ordering_key'),
    attempts: integer('attempts').notNull().default(0),
    /** Tries that failed; waits the provider asked for (429 Retry-After) are not failures. */
    failures: integer('failures').notNull().default(0),
    /** Retries run until this time plus the horizon (RETRY_HOURS); a replayed dead letter starts again. */
    retryFrom: integer('retry_from'),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    leaseUntil: integer('lease_until'),
    lastError: text('last_error'),
    processedAt: integer('processed_at'),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_provider_delivery').on(t.provider, t.deliveryId),
    index('webhook_deliveries_due').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_ordering').on(t.orderingKey, t.status),
  ],
);

/** Cases: the latest known snapshot of each ticket. */
export const tickets = sqliteTable(
  'tickets',
  {
    id: integer('id').primaryKey(),
    requesterId: integer('requester_id'),
    status: text('status').notNull(),
    groupId: integer('group_id'),
    assigneeId: integer('assignee_id'),
    channel: text('channel').notNull(),
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    formId: integer('form_id'),
    brandId: integer('brand_id'),
    organizationId: integer('organization_id'),
    type: text('type'),
    subject: text('subject'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    syncedAt: integer('synced_at'),
    /** Set when stored audits changed and drivers must be computed again (survives a crash). */
    needsRecompute: integer('needs_recompute', { mode: 'boolean' }).notNull().default(false),
    /** State key of the effort write-back last queued, so the same state is never written twice. */
    effortStateKey: text('effort_state_key'),
  },
  (t) => [
    index('tickets_requester_created').on(t.requesterId, t.createdAt),
    index('tickets_needs_recompute').on(t.needsRecompute),
  ],
);

export const customers = sqliteTable('customers', {
  id: integer('id').primaryKey(),
  name: text('name'),
  email: text('email'),
  phone: text('phone'),
  locale: text('locale'),
  timeZone: text('time_zone'),
  /** Zendesk user role (end-user, agent, admin): agents asking for themselves get no survey. */
  role: text('role'),
  updatedAt: integer('updated_at').notNull(),
});

/** Provider-neutral audits (see src/domain/audit.ts); the source of every timeline. */
export const ticketAudits = sqliteTable(
  'ticket_audits',
  {
    id: integer('id').primaryKey(),
    ticketId: integer('ticket_id').notNull(),
    createdAt: integer('created_at').notNull(),
    authorId: integer('author_id'),
    channel: text('channel').notNull(),
    /** `via.source.rel`: tells a trigger from an automation on a solving `rule` audit. */
    viaRel: text('via_rel'),
    events: text('events', { mode: 'json' }).notNull(),
  },
  (t) => [index('ticket_audits_ticket').on(t.ticketId, t.createdAt)],
);

/** Columns every derived timeline row has; a function, since each table needs its own builders. */
function timelineRowColumns() {
  return {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    auditId: integer('audit_id').notNull(),
    at: integer('at').notNull(),
  };
}

/** Customer and agent interactions, derived from audits; rebuilt with each timeline. */
export const touches = sqliteTable(
  'touches',
  {
    ...timelineRowColumns(),
    actor: text('actor', { enum: ['customer', 'agent'] }).notNull(),
    authorId: integer('author_id'),
    channel: text('channel').notNull(),
    isPublic: integer('is_public', { mode: 'boolean' }).notNull(),
  },
  (t) => [index('touches_ticket').on(t.ticketId, t.at)],
);

/** Group and assignee changes, derived from audits. */
export const assignments = sqliteTable(
  'assignments',
  {
    ...timelineRowColumns(),
    kind: text('kind', { enum: ['group', 'assignee'] }).notNull(),
    fromId: integer('from_id'),
    toId: integer('to_id'),
  },
  (t) => [index('assignments_ticket').on(t.ticketId, t.at)],
);

export const statusChanges = sqliteTable(
  'status_changes',
  {
    ...timelineRowColumns(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
  },
  (t) => [index('status_changes_ticket').on(t.ticketId, t.at)],
);

/** Computed effort drivers and index per case. */
export const ticketDrivers = sqliteTable('ticket_drivers', {
  ticketId: integer('ticket_id')
    .primaryKey()
    .references(() => tickets.id, { onDelete: 'cascade' }),
  channelSwitches: integer('channel_switches').notNull(),
  teamHandoffs: integer('team_handoffs').notNull(),
  agentHandoffs: integer('agent_handoffs').notNull(),
  reopens: integer('reopens').notNull(),
  customerContacts: integer('customer_contacts').notNull(),
  repeatContact: integer('repeat_contact', { mode: 'boolean' }).notNull(),
  firstContactResolution: integer('first_contact_resolution', { mode: 'boolean' }).notNull(),
  resolutionMinutes: integer('resolution_minutes'),
  customerWaitMinutes: integer('customer_wait_minutes').notNull(),
  effortIndex: integer('effort_index').notNull(),
  effortLevel: text('effort_level', { enum: ['low', 'medium', 'high'] }).notNull(),
  contributions: text('contributions', { mode: 'json' }).notNull(),
  computedAt: integer('computed_at').notNull(),
  /** The definitions-and-weights version the case was scored with; '' before versions were kept. */
  scoringVersion: text('scoring_version').notNull().default(''),
});

/** Outbox: every call that changes something outside (Zendesk write-backs, later SMS and Slack). */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    ticketId: integer('ticket_id'),
    payload: text('payload', { mode: 'json' }).notNull(),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'dead', 'cancelled'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Tries that failed; waits (quiet hours, 429 Retry-After) are not failures. */
    failures: integer('failures').notNull().default(0),
    /** Retries run until this time plus the horizon (RETRY_HOURS); a replayed dead letter starts again. */
    retryFrom: integer('retry_from'),
    /** An earlier try may have reached the provider: the sender asks it before sending again. */
    outcomeUnknown: integer('outcome_unknown', { mode: 'boolean' }).notNull().default(false),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    leaseUntil: integer('lease_until'),
    lastError: text('last_error'),
    providerId: text('provider_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('outbox_dedupe').on(t.dedupeKey), index('outbox_due').on(t.status, t.nextAttemptAt)],
);

/** Small named positions, such as the backfill's place in the incremental export. */
export const syncState = sqliteTable('sync_state', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * One survey per ticket and resolution (`round`; a second one only with
 * `surveys.againOnNewResolution`). Who handled the case and its effort are captured when it is
 * solved (not when the answer arrives), so answers stay linked to the drivers they rate.
 */
export const surveys = sqliteTable(
  'surveys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    customerId: integer('customer_id'),
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
    scheduledFor: integer('scheduled_for'),
    sentAt: integer('sent_at'),
    providerMessageId: text('provider_message_id'),
    slackChannel: text('slack_channel'),
    deliveryStatus: text('delivery_status'),
    deliveryError: text('delivery_error'),
    score: integer('score'),
    comment: text('comment'),
    verbatim: text('verbatim'),
    answeredAt: integer('answered_at'),
    groupId: integer('group_id'),
    assigneeId: integer('assignee_id'),
    effortIndex: integer('effort_index'),
    /** The journey rule's `sample` when planned (1 = everyone), so reports can weight answers back. */
    sampleRate: real('sample_rate').notNull().default(1),
    /** CES wording asked (`ease` or `agreement`); null for CSAT and NPS. */
    wording: text('wording'),
    /** Names the exact texts asked (wording plus a fingerprint), so a change shows as a break in trends. */
    wordingVersion: text('wording_version'),
    /** When the one reminder went out; null while none did. */
    reminderSentAt: integer('reminder_sent_at'),
    /** 1-based position of the journey rule that chose the question; null for the default. */
    journeyRule: integer('journey_rule'),
    /** 1 for the ticket's first survey; a new resolution after an answer may add the next. */
    round: integer('round').notNull().default(1),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
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
export const optOuts = sqliteTable('opt_outs', {
  address: text('address').primaryKey(),
  optedOut: integer('opted_out', { mode: 'boolean' }).notNull(),
  source: text('source').notNull(),
  updatedAt: integer('updated_at').notNull(),
});
