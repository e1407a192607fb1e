import twilio from 'twilio';
import { maskPhone, type Logger } from '../../src/logger.js';
import { ChannelSendError } from '../../src/ports/errors.js';
import type { SmsSender } from '../../src/ports/survey-channels.js';
import { parseRetryAfter, RedirectingRequestClient, withResponseSlot, type ResponseSlot } from './request-client.js';

export { DEFAULT_TWILIO_API_URL } from './request-client.js';

export interface TwilioSmsSenderOptions {
  accountSid: string;
  authToken: string;
  /** TWILIO_FROM: an E.164 number, or a Messaging Service SID (`MG...`). */
  from: string;
  /** TWILIO_API_URL; `https://api.twilio.com` when absent. */
  apiUrl?: string;
  logger: Logger;
  /**
   * Off by default: twilio's RequestClient sends `Connection: keep-alive` when it is on, and
   * under nock 14 such a request never resolves (it hangs until the 30 s axios timeout).
   */
  keepAlive?: boolean;
  now?: () => number;
}

/** Twilio error 21610, "Attempt to send to unsubscribed recipient": the number replied STOP. */
export const TWILIO_UNSUBSCRIBED = 21610;

/**
 * SmsSender over twilio's own client: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`.
 * It makes one attempt and classifies failures; the durable outbox decides about retries, so
 * twilio's `autoRetry` (its own 429 backoff) stays off.
 */
export function createTwilioSmsSender(options: TwilioSmsSenderOptions): SmsSender {
  const log = options.logger.child({ integration: 'twilio' });
  const now = options.now ?? Date.now;
  const httpClient = new RedirectingRequestClient(options.apiUrl, { keepAlive: options.keepAlive ?? false, autoRetry: false });
  const client = twilio(options.accountSid, options.authToken, { httpClient });
  // Create a Message takes either From or MessagingServiceSid; with a Messaging Service,
  // Twilio picks the sender from the service's pool.
  const sender = options.from.startsWith('MG') ? { messagingServiceSid: options.from } : { from: options.from };

  return {
    async send({ to, body, statusCallbackUrl }) {
      const outcome = await withResponseSlot(() =>
        client.messages.create({ to, body, ...sender, ...(statusCallbackUrl ? { statusCallback: statusCallbackUrl } : {}) }),
      );
      if ('result' in outcome) {
        log.info({ to: maskPhone(to), sid: outcome.result.sid, status: outcome.result.status }, 'twilio sms accepted');
        return { providerId: outcome.result.sid };
      }
      const failure = classify(outcome.error, outcome.slot, now());
      log.warn(
        { to: maskPhone(to), status: outcome.slot.statusCode, code: failure.details.code, retryable: failure.retryable, retryAfterMs: failure.retryAfterMs },
        `twilio sms not sent: ${failure.message}`,
      );
      throw failure;
    },
  };
}

interface TwilioHttpError {
  status: number;
  code?: number;
  message?: string;
}

/**
 * twilio throws RestException (legacy `{code, message, more_info, status}` bodies) or
 * TwilioServiceException (RFC 9457 bodies); both carry a numeric `status` and `code`. axios
 * errors mean no HTTP answer at all: twilio accepts every status from 100 to 599 as a response.
 */
function isTwilioHttpError(error: unknown): error is TwilioHttpError {
  return (
    error instanceof Error &&
    (error as { isAxiosError?: boolean }).isAxiosError !== true &&
    typeof (error as { status?: unknown }).status === 'number'
  );
}

function classify(error: unknown, slot: ResponseSlot, nowMs: number): ChannelSendError {
  if (!isTwilioHttpError(error)) {
    // Never pass the axios error on (as message or cause): its config holds the Authorization header.
    const code = (error as { code?: unknown } | null)?.code;
    const reason = typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown error';
    return new ChannelSendError(`Twilio unreachable (${reason})`, { permanent: false, code: typeof code === 'string' ? code : null });
  }
  const { status } = error;
  const code = error.code ?? null;
  // Twilio's messages can quote the number ("The 'To' number 5551234567 is not a valid phone number.").
  const text = `Twilio HTTP ${status}${code ? ` error ${code}` : ''}: ${maskNumbers(error.message ?? '')}`;
  if (code === TWILIO_UNSUBSCRIBED) return new ChannelSendError(text, { permanent: true, optedOut: true, code });
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(slot.headers?.['retry-after'], nowMs);
    return new ChannelSendError(text, { permanent: false, code, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
  }
  // 408 (timeout) and 5xx are Twilio's side; other 4xx (21211 invalid number, 20003
  // authentication) fail the same way every time.
  const retryable = status === 408 || status >= 500;
  return new ChannelSendError(text, { permanent: !retryable, code });
}

function maskNumbers(text: string): string {
  return text.replace(/\+?\d[\d ().-]{5,}\d/g, (match) => maskPhone(match) ?? '');
}
