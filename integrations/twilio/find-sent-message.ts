import type twilio from 'twilio';
import { ChannelSendError, RetryLater } from '../../src/ports/errors.js';
import { retryAfterMs } from '../http/retry-after.js';
import { TwilioTransportError, withResponseSlot, type ResponseSlot } from './request-client.js';

type TwilioClient = ReturnType<typeof twilio>;

/** The sender's rate-limit gate (client.ts): a lookup waits out a 429 like a send does. */
export interface LookupGate {
  remainingMs(): number;
  holdFor(ms: number): void;
}

export interface LookupContext {
  /** TWILIO_FROM: a number, or a Messaging Service SID (`MG...`). */
  sender: string;
  gate: LookupGate;
  now: () => number;
}

/** Our clock and Twilio's differ a little; the window opens this much before `since`. */
export const CLOCK_SKEW_MS = 10 * 60_000;
/** Messages per page (Twilio's default is 50, the most 1,000). */
export const LIST_PAGE_SIZE = 100;
/** Messages read at most: far more than one customer gets from us within a survey cooldown. */
export const LIST_LIMIT = 500;

export interface SentQuery {
  to: string;
  /** null for a WhatsApp template: Twilio renders its text, so any body of ours matches. */
  body: string | null;
  since: Date;
}

/**
 * Finds an SMS we already sent: Read multiple Message resources
 * (`GET /2010-04-01/Accounts/{AccountSid}/Messages.json`), newest first, filtered by `To`
 * and, for a sender number, `From`. A Message resource keeps nothing of ours but its body
 * (not the StatusCallback URL, not any reference), so the match is: created through the REST
 * API (`direction` outbound-api), the same body, created at or after `since` less the clock
 * skew, and with a Messaging Service as sender, that service's SID (`messaging_service_sid`;
 * `from` is then the number Twilio picked from its pool). `DateSent` is not used as a filter:
 * it filters on `date_sent`, which a message still queued at Twilio does not have yet, and
 * that is exactly the message that must not be sent twice. The oldest match is the first
 * try's message. A WhatsApp template is matched without its body: its text is the approved
 * template's, filled in by Twilio; replies we send in TwiML have direction `reply`, so an
 * `outbound-api` message from our WhatsApp sender since the survey was planned is the survey.
 */
export async function findSentMessage(
  client: TwilioClient,
  { sender, gate, now }: LookupContext,
  query: SentQuery,
): Promise<{ providerId: string; sentAt: Date } | null> {
  const held = gate.remainingMs();
  if (held > 0) throw new RetryLater(`Twilio rate limit: waiting ${held} ms more before looking for the SMS`, held);
  const viaService = sender.startsWith('MG');
  const outcome = await withResponseSlot(() =>
    client.messages.list({
      to: query.to,
      ...(viaService ? {} : { from: sender }),
      pageSize: LIST_PAGE_SIZE,
      limit: LIST_LIMIT,
    }),
  );
  if ('error' in outcome) {
    const failure = lookupFailure(outcome.error, outcome.slot, now());
    if (failure instanceof RetryLater) gate.holdFor(failure.retryAfterMs);
    throw failure;
  }
  const messages = outcome.result;
  const earliest = query.since.getTime() - CLOCK_SKEW_MS;
  const wanted = query.body === null ? null : comparableBody(query.body);
  const matches = messages.filter(
    (m) =>
      m.direction === 'outbound-api' &&
      (!viaService || m.messagingServiceSid === sender) &&
      m.dateCreated instanceof Date &&
      m.dateCreated.getTime() >= earliest &&
      (wanted === null || comparableBody(m.body ?? '') === wanted),
  );
  const first = matches.sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime())[0];
  return first ? { providerId: first.sid, sentAt: first.dateCreated } : null;
}

/**
 * The body as sent and the body as Twilio stores it may differ in typography only: a
 * Messaging Service with Smart Encoding swaps Unicode quotes and dashes for GSM-7 ones.
 * Both sides are folded the same way before comparing.
 */
export function comparableBody(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A failed lookup says nothing about the earlier send, so it never leads to sending: a 429
 * with Retry-After waits that long (RetryLater, and the gate holds other calls); 408, 5xx,
 * a 429 without it and no answer at all are retried; other 4xx (20003 bad credentials) are
 * final. A read that timed out changed nothing, so it is retryable, not an unknown outcome.
 * Only status and code are kept: twilio's messages may quote numbers.
 */
function lookupFailure(error: unknown, slot: ResponseSlot, nowMs: number): ChannelSendError | RetryLater {
  const e = error as { status?: unknown; code?: unknown } | null;
  const status = !(error instanceof TwilioTransportError) && typeof e?.status === 'number' ? e.status : null;
  if (status === null) {
    const code = typeof e?.code === 'string' ? e.code : null;
    return new ChannelSendError(`Twilio message lookup got no answer${code ? ` (${code})` : ''}`, {
      permanent: false,
      code,
    });
  }
  const code = typeof e?.code === 'number' ? e.code : null;
  const text = `Twilio message lookup: HTTP ${status}${code ? ` error ${code}` : ''}`;
  const asked = retryAfterMs(slot.headers?.['retry-after'], nowMs);
  if (status === 429 && asked !== undefined) return new RetryLater(text, asked);
  const retryable = status === 429 || status === 408 || status >= 500;
  return new ChannelSendError(text, { permanent: !retryable, code });
}
