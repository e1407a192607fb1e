import { CallLog } from './record-calls.js';
import {
  zendeskTime,
  type StandInAudit,
  type StandInAuditEvent,
  type StandInTicket,
  type StandInUser,
} from './zendesk-shapes.js';
import { applyCustomFields, followEvent, sameSet, stringOrNull, type FieldChange } from './zendesk-ticket-fields.js';

export interface ZendeskStandInOptions {
  /** The agent the API token belongs to (`{email}/token:{apiToken}` basic auth). */
  email: string;
  apiToken: string;
  /** The id GET /users/me answers; audits written through the API carry it as author. */
  botUserId: number;
  botName?: string;
  /** Offset pages hold this many audits unless `per_page` says otherwise; Zendesk's default and maximum is 100. */
  auditsPerPage?: number;
  /** Clock for the bot's audits and `updated_at` (ms); real time by default. */
  now?: () => number;
  /** Added before every answer (faults.ts); 0 by default. */
  delayMs?: number;
}

/** One write the bot made through PUT /api/v2/tickets/{id}.json, for the demo summary. */
export interface BotUpdate {
  ticketId: number;
  auditId: number;
  /** The audit's `created_at`, which is also the ticket's new `updated_at`. */
  at: string;
  /** The ticket's whole tag list after the write. */
  tags: string[];
  addedTags: string[];
  removedTags: string[];
  /** Only the fields whose value changed. */
  customFields: FieldChange[];
  note: string | null;
  /** Whether the note became a public comment (which would email the customer); false is what the bot must send. */
  notePublic: boolean;
  /** The PUT's write-only ticket `metadata`, kept on the audit as `metadata.custom`; null when none was sent. */
  metadata: Json | null;
}

export type ApiUpdateOutcome =
  | { kind: 'updated'; ticket: StandInTicket; audit: StandInAudit | null }
  | { kind: 'not_found' }
  | { kind: 'conflict' }
  /** 400: no `ticket` object; 422: RecordInvalid, `field` names the key of Zendesk's `details`. */
  | { kind: 'invalid'; status: 400 | 422; description: string; field?: string };

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The Zendesk account in memory. The simulator writes tickets, audits and users; the HTTP
 * layer (zendesk.ts) serves them and applies the bot's updates through `applyApiUpdate`.
 * Everything given in or handed out is a copy.
 */
export class ZendeskState extends CallLog {
  readonly botUser: StandInUser;
  readonly auditsPerPage: number;
  private readonly tickets = new Map<number, { ticket: StandInTicket; audits: StandInAudit[] }>();
  private readonly users = new Map<number, StandInUser>();
  private readonly updates: BotUpdate[] = [];
  private readonly now: () => number;
  private nextId = 1_000_000_000;

  constructor(readonly options: ZendeskStandInOptions) {
    super();
    this.botUser = {
      id: options.botUserId,
      name: options.botName ?? 'Effortless bot',
      email: options.email,
      role: 'agent',
      locale: 'en-US',
    };
    this.auditsPerPage = Math.min(100, Math.max(1, options.auditsPerPage ?? 100));
    this.now = options.now ?? Date.now;
    this.faults.delayMs = options.delayMs ?? 0;
  }

  /** Creates or replaces a ticket with its whole audit history (what the bot wrote before included). */
  putTicket(ticket: StandInTicket, audits: StandInAudit[] = []): void {
    for (const audit of audits) {
      if (audit.ticket_id !== ticket.id)
        throw new Error(`audit ${audit.id} belongs to ticket ${audit.ticket_id}, not ${ticket.id}`);
      this.reserveIds(audit);
    }
    this.tickets.set(ticket.id, { ticket: structuredClone(ticket), audits: sortAudits(structuredClone(audits)) });
  }

  /**
   * A later change by a customer, agent or trigger: appends the audit, applies its
   * Create/Change events of status, group_id, assignee_id, priority, type, subject, tags and
   * custom fields (field_name = the field id) to the ticket, then `patch`; `updated_at`
   * moves to the audit's time, and always forward, so an older `updated_stamp` becomes stale.
   */
  appendAudit(audit: StandInAudit, patch: Partial<Omit<StandInTicket, 'id'>> = {}): void {
    const entry = this.tickets.get(audit.ticket_id);
    if (!entry) throw new Error(`ticket ${audit.ticket_id} does not exist; putTicket it first`);
    this.reserveIds(audit);
    const copy = structuredClone(audit);
    for (const event of copy.events)
      if (event.type === 'Create' || event.type === 'Change') followEvent(entry.ticket, event.field_name, event.value);
    Object.assign(entry.ticket, structuredClone(patch));
    entry.ticket.updated_at = this.stampAfter(entry.ticket.updated_at, Date.parse(copy.created_at));
    entry.audits = sortAudits([...entry.audits, copy]);
  }

  putUser(user: StandInUser): void {
    this.users.set(user.id, structuredClone(user));
  }

  ticket(id: number): StandInTicket | null {
    const entry = this.tickets.get(id);
    return entry ? structuredClone(entry.ticket) : null;
  }

  /** Oldest first; an unknown ticket has none. */
  audits(id: number): StandInAudit[] {
    return structuredClone(this.tickets.get(id)?.audits ?? []);
  }

  user(id: number): StandInUser | null {
    if (id === this.botUser.id) return structuredClone(this.botUser);
    const user = this.users.get(id);
    return user ? structuredClone(user) : null;
  }

  /** What the bot wrote, oldest first; only this ticket's writes when `ticketId` is given. */
  listUpdates(ticketId?: number): BotUpdate[] {
    return structuredClone(this.updates.filter((update) => ticketId === undefined || update.ticketId === ticketId));
  }

  /**
   * PUT /api/v2/tickets/{id}.json: applies `custom_fields`, the full `tags` list and a
   * `comment` (public unless `public: false`, as in Zendesk) in one audit by the bot. With
   * `safe_update` and an `updated_stamp` other than the ticket's `updated_at` nothing is
   * changed and the outcome is a conflict (HTTP 409). A closed ticket refuses every update
   * (422). The write-only `metadata` goes onto the audit as `metadata.custom` (Update
   * Ticket: "In the audit object, the data is specified in the custom property of the
   * metadata object"); an update that changes nothing makes no audit, so keeps none. Other
   * ticket properties are ignored.
   */
  applyApiUpdate(ticketId: number, body: unknown): ApiUpdateOutcome {
    const entry = this.tickets.get(ticketId);
    if (!entry) return { kind: 'not_found' };
    const input = isRecord(body) ? body.ticket : undefined;
    if (!isRecord(input))
      return { kind: 'invalid', status: 400, description: 'param is missing or the value is empty: ticket' };
    const { ticket } = entry;
    // Closed tickets are read-only in Zendesk; the client takes the 422 as final.
    if (ticket.status === 'closed')
      return { kind: 'invalid', status: 422, description: 'Status: closed prevents ticket update', field: 'status' };
    if (
      input.safe_update === true &&
      typeof input.updated_stamp === 'string' &&
      Date.parse(input.updated_stamp) !== Date.parse(ticket.updated_at)
    ) {
      return { kind: 'conflict' };
    }
    const comment = isRecord(input.comment) ? input.comment : null;
    const note = comment && typeof comment.body === 'string' ? comment.body.trim() : null;
    if (comment && !note)
      return { kind: 'invalid', status: 422, description: 'Comment: cannot be blank', field: 'base' };

    const events: StandInAuditEvent[] = [];
    if (note)
      events.push({ type: 'Comment', body: note, public: comment?.public !== false, author_id: this.botUser.id });
    const fields = applyCustomFields(ticket, input.custom_fields);
    for (const change of fields)
      events.push({
        type: 'Change',
        field_name: String(change.id),
        value: stringOrNull(change.value),
        previous_value: stringOrNull(change.previous),
      });
    const before = [...ticket.tags];
    if (Array.isArray(input.tags)) {
      const after = [
        ...new Set(input.tags.filter((tag): tag is string => typeof tag === 'string' && tag.trim() !== '')),
      ];
      if (!sameSet(before, after)) {
        events.push({ type: 'Change', field_name: 'tags', value: after, previous_value: before });
        ticket.tags = [...after].sort();
      }
    }
    if (events.length === 0) return { kind: 'updated', ticket: structuredClone(ticket), audit: null };

    ticket.updated_at = this.stampAfter(ticket.updated_at, this.now());
    const metadata = isRecord(input.metadata) ? structuredClone(input.metadata) : null;
    const audit: StandInAudit = {
      id: this.nextId++,
      ticket_id: ticketId,
      created_at: ticket.updated_at,
      author_id: this.botUser.id,
      via: { channel: 'api' },
      events,
      ...(metadata ? { metadata: { custom: metadata } } : {}),
    };
    for (const event of events) event.id = this.nextId++;
    entry.audits.push(audit);
    this.updates.push({
      ticketId,
      auditId: audit.id,
      at: audit.created_at,
      tags: [...ticket.tags],
      addedTags: ticket.tags.filter((tag) => !before.includes(tag)),
      removedTags: before.filter((tag) => !ticket.tags.includes(tag)),
      customFields: fields,
      note,
      notePublic: note !== null && comment?.public !== false,
      metadata,
    });
    return { kind: 'updated', ticket: structuredClone(ticket), audit: structuredClone(audit) };
  }

  /** Zendesk time at `wanted`, but at least a second after `previous`: updated_at must change on every write. */
  private stampAfter(previous: string, wanted: number): string {
    const last = Date.parse(previous);
    return zendeskTime(Number.isNaN(last) ? wanted : Math.max(wanted, last + 1000));
  }

  /** Ids the stand-in hands out stay above every id the simulator used. */
  private reserveIds(audit: StandInAudit): void {
    const ids = [audit.id, ...audit.events.map((event) => event.id ?? 0)];
    this.nextId = Math.max(this.nextId, ...ids.map((id) => id + 1));
  }
}

function sortAudits(audits: StandInAudit[]): StandInAudit[] {
  return audits.sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id);
}
