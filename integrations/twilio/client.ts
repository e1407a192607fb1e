import twilio from 'twilio';
import { maskPhone, type Logger } from '../../src/logger.js';
import { ChannelSendError, OutcomeUnknownError, RetryLater, type CodedError } from '../../src/ports/errors.js';
import type { SmsSender } from '../../src/ports/survey-channels.js';
import { retryAfterMs } from '../http/retry-after.js';
import { findSentMessage } from './find-sent-message.js';
import { TwilioTransportError, twilioHttpClient, withResponseSlot, type ResponseSlot } from './request-client.js';

export { DEFAULT_TWILIO_API_URL } from './request-client.js';

export interface TwilioSmsSenderOptions {
  accountSid: string;
  authToken: string;
  /** TWILIO_FROM: an E.164 number, or a Messaging Service SID (`MG...`). */
  from: string;
  /** TWILIO_API_URL; `https://api.twilio.com` when absent. */
  apiUrl?: string;
  logger: Logger;
  /** Connect and response deadline of each request (UPSTREAM_TIMEOUT_SECONDS). */
  timeoutMs?: number;
  /** Holds every send after a 429 with Retry-After; share one per process (compose/integrations.ts). */
  gate?: RateLimitGate;
  now?: () => number;
}

/**
 * Shared by every Twilio call in the process: after a 429 with Retry-After, sends wait it
 * out here instead of asking Twilio again.
 */
export interface RateLimitGate {
  /** How long sends must still wait, in ms; 0 when Twilio may be called. */
  remainingMs(): number;
  /** Holds every send for `ms` from now. */
  holdFor(ms: number): void;
}

const OPEN_GATE: RateLimitGate = { remainingMs: () => 0, holdFor: () => undefined };

/** UPSTREAM_TIMEOUT_SECONDS' default, for senders built outside compose/; twilio's own is 30 s. */
const DEFAULT_TIMEOUT_MS = 15_000;

/** Twilio error 21610, "Attempt to send to unsubscribed recipient": the number replied STOP. */
export const TWILIO_UNSUBSCRIBED = 21610;

/**
 * SmsSender over twilio's own client: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`.
 * It makes one attempt and classifies failures; the durable outbox decides about retries, so
 * twilio's `autoRetry` (its own 429 backoff, sleeping inside the send) stays off. The
 * transport (request-client.ts) bounds each request, body included, by `timeoutMs`.
 */
export function createTwilioSmsSender(options: TwilioSmsSenderOptions): SmsSender {
  const log = options.logger.child({ integration: 'twilio' });
  const now = options.now ?? Date.now;
  const gate = options.gate ?? OPEN_GATE;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = twilio(options.accountSid, options.authToken, {
    httpClient: twilioHttpClient(options.apiUrl, timeoutMs),
  });
  // twilio loads its REST modules on the first use of `client.messages` (170 ms of CPU on a
  // 2-core machine): taken here, at start, so the first customer's survey does not wait for it.
  const messages = client.messages;
  // Create a Message takes either From or MessagingServiceSid; with a Messaging Service,
  // Twilio picks the sender from the service's pool.
  const sender = options.from.startsWith('MG') ? { messagingServiceSid: options.from } : { from: options.from };

  return {
    async send({ to, body, statusCallbackUrl, template }) {
      const held = gate.remainingMs();
      if (held > 0) throw new RetryLater(`Twilio rate limit: waiting ${held} ms more before sending`, held);
      // A Content template (WhatsApp outside the 24-hour window) replaces the body.
      const content = template
        ? { contentSid: template.contentSid, contentVariables: JSON.stringify(template.contentVariables) }
        : { body };
      const outcome = await withResponseSlot(() =>
        messages.create({
          to,
          ...content,
          ...sender,
          ...(statusCallbackUrl ? { statusCallback: statusCallbackUrl } : {}),
        }),
      );
      if ('result' in outcome) {
        log.info(
          { to: maskPhone(to), sid: outcome.result.sid, status: outcome.result.status, template: Boolean(template) },
          'twilio message accepted',
        );
        return { providerId: outcome.result.sid };
      }
      const failure = classify(outcome.error, outcome.slot, { nowMs: now(), timeoutMs });
      if (failure instanceof RetryLater) gate.holdFor(failure.retryAfterMs);
      log.warn(
        {
          to: maskPhone(to),
          status: outcome.slot.statusCode,
          code: failure instanceof ChannelSendError ? failure.details.code : failure.code,
          retryable: failure.retryable,
          retryAfterMs: failure.retryAfterMs,
        },
        `twilio sms failed: ${failure.message}`,
      );
      throw failure;
    },

    // Asked after a send whose outcome is unknown: see find-sent-message.ts for the match.
    findSent: (query) => findSentMessage(client, { sender: options.from, gate, now }, query),
  };
}

interface TwilioHttpError {
  status: number;
  code?: number;
  message?: string;
}

/**
 * twilio throws RestException (legacy `{code, message, more_info, status}` bodies) or
 * TwilioServiceException (RFC 9457 bodies); both carry a numeric `status` and `code`. No HTTP
 * answer at all is a TwilioTransportError: twilio takes every status as a response.
 */
function isTwilioHttpError(error: unknown): error is TwilioHttpError {
  return (
    error instanceof Error &&
    !(error instanceof TwilioTransportError) &&
    typeof (error as { status?: unknown }).status === 'number'
  );
}

type SendFailure = CodedError & (ChannelSendError | RetryLater | OutcomeUnknownError);

function classify(error: unknown, slot: ResponseSlot, at: { nowMs: number; timeoutMs: number }): SendFailure {
  if (!isTwilioHttpError(error)) return transportFailure(error, at.timeoutMs);
  const { status } = error;
  const code = error.code ?? null;
  // Twilio's messages can quote the number ("The 'To' number 5551234567 is not a valid phone number.").
  const text = `Twilio HTTP ${status}${code ? ` error ${code}` : ''}: ${maskNumbers(error.message ?? '')}`;
  if (code === TWILIO_UNSUBSCRIBED) return new ChannelSendError(text, { permanent: true, optedOut: true, code });
  const asked = retryAfterMs(slot.headers?.['retry-after'], at.nowMs);
  // "Not yet", not a failure: the outbox waits as long as Twilio asked, and the gate holds other sends.
  if (status === 429 && asked !== undefined) return new RetryLater(text, asked);
  // 408 (timeout), 429 without a wait and 5xx are Twilio's side; other 4xx (21211 invalid
  // number, 20003 authentication) fail the same way every time.
  const retryable = status === 408 || status === 429 || status >= 500;
  return new ChannelSendError(text, {
    permanent: !retryable,
    code,
    ...(retryable && asked !== undefined ? { retryAfterMs: asked } : {}),
  });
}

/**
 * No HTTP answer. A refused connection sent nothing: try again later. A timeout or a reset
 * may have come after Twilio took the message: OutcomeUnknownError, so the outbox asks
 * Twilio before sending again and the customer never gets the survey twice.
 */
function transportFailure(error: unknown, timeoutMs: number): SendFailure {
  // Anything else is not an answer from the network (a bug of ours, or twilio's): nothing went out.
  if (!(error instanceof TwilioTransportError) || error.nothingSent) {
    const code = error instanceof TwilioTransportError ? error.code : null;
    const reason = code ?? (error instanceof Error ? error.name : 'unknown error');
    return new ChannelSendError(`Twilio unreachable (${reason})`, { permanent: false, code });
  }
  const what = error.timedOut
    ? `no answer from Twilio within ${timeoutMs} ms`
    : `connection to Twilio lost (${error.code ?? 'no code'})`;
  return new OutcomeUnknownError(`${what}; the SMS may have been sent`);
}

function maskNumbers(text: string): string {
  return text.replace(/\+?\d[\d ().-]{5,}\d/g, (match) => maskPhone(match) ?? '');
}
