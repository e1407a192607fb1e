import type { TicketAudit } from '../../src/domain/audit.js';
import type { CustomerProfile, TicketSnapshot, TicketUpdate } from '../../src/domain/ticket.js';
import type { ZendeskPort } from '../../src/ports/zendesk.js';

/**
 * An in-memory Zendesk for application tests (no HTTP involved): updateTicket records the
 * update and, like Zendesk, appends the bot's own `api` audit to the ticket.
 */
export class FakeZendesk implements ZendeskPort {
  tickets = new Map<number, TicketSnapshot>();
  audits = new Map<number, TicketAudit[]>();
  users = new Map<number, CustomerProfile>();
  updates: Array<{ ticketId: number; update: TicketUpdate }> = [];
  /** The custom metadata each update filed on its audit, as Zendesk keeps it (`metadata.custom`). */
  auditMetadata: Array<{ ticketId: number; auditId: number; custom: Record<string, string> }> = [];
  failNextUpdate: Error | null = null;
  private nextAuditId = 10_000;

  constructor(readonly botUserId = 999) {}

  async getTicket(id: number) {
    return this.tickets.get(id) ?? null;
  }
  async listAudits(id: number) {
    return [...(this.audits.get(id) ?? [])];
  }
  /** Like Zendesk without a `users` sideload: the requester is read on its own. */
  async readCase(id: number, known: TicketSnapshot | null) {
    const ticket = known ?? this.tickets.get(id);
    if (!ticket || !this.audits.has(id)) return null;
    return { ticket, audits: await this.listAudits(id), users: [] };
  }
  async getUser(id: number) {
    return this.users.get(id) ?? null;
  }
  async getBotUserId() {
    return this.botUserId;
  }
  async updateTicket(ticketId: number, update: TicketUpdate) {
    if (this.failNextUpdate) {
      const error = this.failNextUpdate;
      this.failNextUpdate = null;
      throw error;
    }
    this.updates.push({ ticketId, update });
    const auditId = this.nextAuditId++;
    const ticket = this.tickets.get(ticketId);
    const after = ticket && {
      ...ticket,
      tags: [...new Set([...ticket.tags, ...update.addTags])].filter((t) => !update.removeTags.includes(t)),
    };
    if (after) this.tickets.set(ticketId, after);
    const audit: TicketAudit = {
      id: auditId,
      ticketId,
      createdAt: new Date(),
      authorId: this.botUserId,
      channel: 'api',
      events: update.internalNote ? [{ kind: 'comment', authorId: this.botUserId, public: false, voice: false }] : [],
    };
    this.audits.set(ticketId, [...(this.audits.get(ticketId) ?? []), audit]);
    if (update.auditMetadata) this.auditMetadata.push({ ticketId, auditId, custom: update.auditMetadata });
    return { auditId, ticket: after ?? null };
  }
  async findAuditByMetadata(ticketId: number, custom: Record<string, string>) {
    const wanted = Object.entries(custom);
    const hit = this.auditMetadata.find(
      (a) => a.ticketId === ticketId && wanted.every(([key, value]) => a.custom[key] === value),
    );
    return hit?.auditId ?? null;
  }
  async exportTicketEvents(): Promise<never> {
    throw new Error('not used in these tests');
  }
  async exportTickets(): Promise<never> {
    throw new Error('not used in these tests');
  }
}
