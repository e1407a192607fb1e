// The signature check from its own module: the webhook never needs the REST client, which is
// loaded only when Twilio is configured (compose/integrations.ts).
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';

/**
 * Twilio webhook signatures ("Secure webhooks", twilio.com/docs/usage/webhooks/webhooks-security):
 * Twilio signs every request with an `X-Twilio-Signature` header, an HMAC-SHA1 keyed with the
 * account's Auth Token over the webhook URL as configured in Twilio followed by the POST
 * parameters. Twilio "strongly recommend[s] using the provided signature validation library
 * from a Twilio SDK and not implementing your own", and parameters may be added without
 * notice, so this delegates to the twilio package's `validateRequest` and signs whatever
 * parameters arrived. That function also accepts the URL with or without the default port.
 */
export interface TwilioSignatureInput {
  authToken: string;
  signature?: string | undefined;
  /** PUBLIC_URL + path (and query string): exactly the URL Twilio called, never the URL this process saw. */
  url: string;
  /** The form-encoded POST parameters as parsed; repeated keys arrive as arrays. */
  params: Record<string, string | string[]>;
}

export type TwilioSignatureFailure = 'missing' | 'mismatch';

export type TwilioSignatureResult = { ok: true } | { ok: false; reason: TwilioSignatureFailure; hint: string };

const HINTS: Record<TwilioSignatureFailure, string> = {
  missing:
    'the request has no X-Twilio-Signature header: check that it comes from Twilio and that no proxy strips the header',
  mismatch:
    'verify that TWILIO_AUTH_TOKEN is the Auth Token of the account that owns this number (a rotated or secondary token ' +
    'signs differently), and that PUBLIC_URL is exactly the base of the URL configured in Twilio (scheme, host, port and ' +
    'path prefix): a proxy or tunnel that changes any of them, or re-encodes the form body, breaks the signature',
};

export function verifyTwilioRequest(input: TwilioSignatureInput): TwilioSignatureResult {
  const signature = input.signature?.trim();
  if (!signature) return { ok: false, reason: 'missing', hint: HINTS.missing };
  let valid: boolean;
  try {
    valid = validateRequest(input.authToken, signature, input.url, input.params);
  } catch {
    // validateRequest parses the URL with `new URL()`; a malformed PUBLIC_URL is a mismatch, not a crash.
    valid = false;
  }
  return valid ? { ok: true } : { ok: false, reason: 'mismatch', hint: HINTS.mismatch };
}

/**
 * The URL Twilio signed: PUBLIC_URL (without trailing slash) + the request's original URL.
 * `originalUrl` keeps the mount path and the query string; Twilio signs the full URL it
 * called including any query string, so a webhook configured as `.../sms?tenant=a` verifies.
 * A `#rc=...` connection-override fragment never reaches the server, so it cannot be added
 * here (whether Twilio signs it is not documented on the pages we read).
 */
export function signedUrlOf(publicUrl: string, originalUrl: string): string {
  return publicUrl.replace(/\/+$/, '') + originalUrl;
}
