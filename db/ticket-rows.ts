/**
 * Row <-> domain conversions for the ticket store, shared by SQLite (db/sqlite/tickets.ts) and
 * PostgreSQL (db/pg/tickets.ts): both schemas give rows of the same shape (numbers, booleans,
 * parsed JSON), typed here by the SQLite tables.
 */
import { type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { TicketAudit } from '../src/domain/audit.js';
import type { DriverContribution, EffortDrivers, EffortLevel, EffortScore } from '../src/domain/drivers.js';
import type { CustomerProfile, TicketSnapshot } from '../src/domain/ticket.js';
import type { CaseTimeline } from '../src/domain/timeline.js';
import type { AnsweredCes, StoredTicket } from '../src/ports/store.js';
import type { assignments, customers, statusChanges, ticketAudits, ticketDrivers, tickets, touches } from './schema.js';

type TicketRow = typeof tickets.$inferSelect;

// SQLite allows 32766 bound parameters and PostgreSQL 65535; keep multi-row inserts well below both.
const INSERT_CHUNK = 500;

/**
 * saveEffort's new needs_recompute: false, or, given `auditCount` (how many audits the effort
 * was computed from), left as it is when the ticket has other audits by now: their arrival
 * set the flag while the effort was computed, and the next recompute must still see it.
 */
export function stillNeedsRecompute(ticketId: number, auditCount: number | undefined): SQL | false {
  return auditCount === undefined ? false : neededUnlessAuditCount(ticketId, auditCount);
}

/** The flag kept only while the ticket has another number of audits than `auditCount` (values or placeholders). */
export function neededUnlessAuditCount(ticketId: number | Placeholder, auditCount: number | Placeholder): SQL {
  return sql`needs_recompute AND (SELECT count(*) FROM ticket_audits WHERE ticket_id = ${ticketId}) <> ${auditCount}`;
}

export function chunks<T>(items: T[], size = INSERT_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function ticketToRow(ticket: TicketSnapshot, syncedAt: Date | null) {
  return {
    id: ticket.id,
    requesterId: ticket.requesterId,
    status: ticket.status,
    groupId: ticket.groupId,
    assigneeId: ticket.assigneeId,
    channel: ticket.channel,
    tags: ticket.tags,
    formId: ticket.formId,
    brandId: ticket.brandId ?? null,
    organizationId: ticket.organizationId ?? null,
    type: ticket.type,
    subject: ticket.subject,
    createdAt: ticket.createdAt.getTime(),
    updatedAt: ticket.updatedAt.getTime(),
    syncedAt: syncedAt?.getTime() ?? null,
  };
}

export function rowToTicket(row: TicketRow): StoredTicket {
  return {
    id: row.id,
    requesterId: row.requesterId,
    status: row.status,
    groupId: row.groupId,
    assigneeId: row.assigneeId,
    channel: row.channel,
    tags: row.tags,
    formId: row.formId,
    ...(row.brandId !== null ? { brandId: row.brandId } : {}),
    ...(row.organizationId !== null ? { organizationId: row.organizationId } : {}),
    type: row.type,
    subject: row.subject,
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
    effortStateKey: row.effortStateKey,
    syncedAt: row.syncedAt === null ? null : new Date(row.syncedAt),
  };
}

export function rowToCustomer(row: typeof customers.$inferSelect): CustomerProfile {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    locale: row.locale,
    timeZone: row.timeZone,
    ...(row.role !== null ? { role: row.role } : {}),
  };
}

export function auditToRow(audit: TicketAudit) {
  return {
    id: audit.id,
    ticketId: audit.ticketId,
    createdAt: audit.createdAt.getTime(),
    authorId: audit.authorId,
    channel: audit.channel,
    viaRel: audit.viaRel ?? null,
    events: audit.events,
  };
}

export function rowToAudit(row: typeof ticketAudits.$inferSelect): TicketAudit {
  return {
    id: row.id,
    ticketId: row.ticketId,
    createdAt: new Date(row.createdAt),
    authorId: row.authorId,
    channel: row.channel,
    ...(row.viaRel ? { viaRel: row.viaRel } : {}),
    events: row.events as TicketAudit['events'],
  };
}

export function timelineToRows(timeline: CaseTimeline) {
  const ticketId = timeline.ticketId;
  return {
    touches: timeline.touches.map((touch) => ({
      ticketId,
      auditId: touch.auditId,
      at: touch.at.getTime(),
      actor: touch.actor,
      authorId: touch.authorId,
      channel: touch.channel,
      isPublic: touch.public,
    })),
    assignments: timeline.assignments.map((change) => ({
      ticketId,
      auditId: change.auditId,
      at: change.at.getTime(),
      kind: change.kind,
      fromId: change.from,
      toId: change.to,
    })),
    statusChanges: timeline.statusChanges.map((change) => ({
      ticketId,
      auditId: change.auditId,
      at: change.at.getTime(),
      fromStatus: change.from,
      toStatus: change.to,
    })),
  };
}

export function rowsToTimeline(
  ticket: StoredTicket,
  rows: {
    touches: Array<typeof touches.$inferSelect>;
    assignments: Array<typeof assignments.$inferSelect>;
    statusChanges: Array<typeof statusChanges.$inferSelect>;
  },
): CaseTimeline {
  return {
    ticketId: ticket.id,
    requesterId: ticket.requesterId,
    createdAt: ticket.createdAt,
    touches: rows.touches.map((r) => ({
      auditId: r.auditId,
      at: new Date(r.at),
      actor: r.actor,
      authorId: r.authorId,
      channel: r.channel,
      public: r.isPublic,
    })),
    assignments: rows.assignments.map((r) => ({
      auditId: r.auditId,
      at: new Date(r.at),
      kind: r.kind,
      from: r.fromId,
      to: r.toId,
    })),
    statusChanges: rows.statusChanges.map((r) => ({
      auditId: r.auditId,
      at: new Date(r.at),
      from: r.fromStatus,
      to: r.toStatus,
    })),
  };
}

/** The `ticket_drivers` row of a scored case. */
export function effortToDriverRow(
  ticketId: number,
  drivers: EffortDrivers,
  score: EffortScore,
  now: Date,
  scoringVersion: string,
) {
  return {
    ticketId,
    ...drivers,
    effortIndex: score.index,
    effortLevel: score.level,
    contributions: score.contributions,
    computedAt: now.getTime(),
    scoringVersion,
  };
}

/** The drivers of a stored `ticket_drivers` row (its score and version columns left aside). */
export function rowToDrivers(row: typeof ticketDrivers.$inferSelect): EffortDrivers {
  return {
    channelSwitches: row.channelSwitches,
    teamHandoffs: row.teamHandoffs,
    agentHandoffs: row.agentHandoffs,
    reopens: row.reopens,
    customerContacts: row.customerContacts,
    repeatContact: row.repeatContact,
    firstContactResolution: row.firstContactResolution,
    resolutionMinutes: row.resolutionMinutes,
    customerWaitMinutes: row.customerWaitMinutes,
  };
}

/** The score of a stored `ticket_drivers` row. */
export function rowToScore(row: typeof ticketDrivers.$inferSelect): EffortScore {
  return {
    index: row.effortIndex,
    level: row.effortLevel as EffortLevel,
    contributions: row.contributions as DriverContribution[],
  };
}

/** A CES answer joined with its case's drivers row (the query filters out rows without an answer). */
export function rowToAnsweredCes(row: {
  answeredAt: number | null;
  ces: number | null;
  driver: typeof ticketDrivers.$inferSelect;
}): AnsweredCes {
  return {
    ticketId: row.driver.ticketId,
    answeredAt: new Date(row.answeredAt!),
    ces: row.ces!,
    drivers: rowToDrivers(row.driver),
  };
}
