/**
 * Fills a migrated database with a backlog in one transaction, straight through SQL: 100,000
 * rows through the store's one-at-a-time calls would take longer than the measurement.
 * Rows look like what the service stores: a solved delivery per ticket (and, with `outbox`,
 * a survey message per ticket), all due at `dueAt`.
 */
import Database from 'better-sqlite3';
import { ticketOrderingKey, ZENDESK_PROVIDER } from '../src/ports/inbox.js';
import { SURVEY_SEND } from '../src/ports/outbox.js';

export function fillBacklog(
  path: string,
  count: number,
  options: { outbox?: boolean; dueAt: number; firstTicketId?: number; body?: (ticketId: number) => string },
): void {
  const db = new Database(path);
  try {
    const delivery = db.prepare(
      `INSERT INTO webhook_deliveries (provider, delivery_id, event_type, raw_body, received_at, ordering_key, retry_from, next_attempt_at)
       VALUES (?, ?, 'zendesk-trigger', ?, ?, ?, ?, ?)`,
    );
    const message = db.prepare(
      `INSERT INTO outbox (kind, dedupe_key, ticket_id, payload, next_attempt_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const first = options.firstTicketId ?? 1;
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const ticketId = first + i;
        const body = options.body?.(ticketId) ?? '{}';
        const due = options.dueAt;
        delivery.run(ZENDESK_PROVIDER, `backlog-${ticketId}`, body, due, ticketOrderingKey(ticketId), due, due);
        if (options.outbox)
          message.run(
            SURVEY_SEND,
            `backlog-${ticketId}`,
            ticketId,
            JSON.stringify({ surveyId: ticketId }),
            due,
            due,
            due,
          );
      }
    })();
  } finally {
    db.close();
  }
}
