import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Zendesk webhook signatures (developer.zendesk.com, "Verifying webhook authenticity"):
 * the `X-Zendesk-Webhook-Signature` header is base64(HMAC-SHA256(secret, TIMESTAMP + BODY)),
 * where TIMESTAMP is the `X-Zendesk-Webhook-Signature-Timestamp` header (ISO 8601, e.g.
 * `2021-07-25T10:00:00Z`) and BODY is the raw request body. Pure: the clock is a parameter.
 */
export interface ZendeskSignatureInput {
  /** The body exactly as received; never a re-serialised JSON object. */
  rawBody: Buffer | string;
  signature?: string | undefined;
  timestamp?: string | undefined;
  secret: string;
  now: Date;
  /** How far the timestamp may be from `now`, either way. */
  toleranceSeconds?: number;
}

export type ZendeskSignatureFailure = 'missing' | 'stale' | 'mismatch' | 'bad_timestamp';

export type ZendeskSignatureResult = { ok: true } | { ok: false; reason: ZendeskSignatureFailure; hint: string };

export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

const HINTS: Record<ZendeskSignatureFailure, string> = {
  missing:
    'the request has no X-Zendesk-Webhook-Signature or X-Zendesk-Webhook-Signature-Timestamp header: ' +
    'check that it comes from a Zendesk webhook and that no proxy strips these headers',
  bad_timestamp:
    'X-Zendesk-Webhook-Signature-Timestamp is not an ISO 8601 date-time: check that no proxy rewrites the header',
  stale:
    "the signature timestamp is too far from this server's clock: check the server clock (NTP) for skew; " +
    'an old timestamp can also mean a replayed request',
  mismatch:
    'verify that ZENDESK_WEBHOOK_SECRET matches the signing secret shown for this webhook in Zendesk Admin Center ' +
    '(Apps and integrations > Webhooks), and that nothing re-encodes the request body before it reaches this service',
};

export function verifyZendeskSignature(input: ZendeskSignatureInput): ZendeskSignatureResult {
  const { rawBody, signature, timestamp, secret, now } = input;
  const tolerance = input.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  if (!signature || !timestamp) return fail('missing');

  // Staleness first: a replayed request is rejected before any HMAC work, and a timestamp
  // from the future (beyond the tolerance) is as suspicious as one from the past.
  const signedAt = parseTimestamp(timestamp);
  if (signedAt === null) return fail('bad_timestamp');
  if (Math.abs(now.getTime() - signedAt) > tolerance * 1000) return fail('stale');

  const expected = createHmac('sha256', secret)
    .update(timestamp, 'utf8')
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .digest();
  const given = Buffer.from(signature.trim(), 'base64');
  // timingSafeEqual throws on unequal lengths; a length check leaks nothing useful (the
  // expected length is always 32 bytes) and keeps the comparison constant-time otherwise.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return fail('mismatch');
  return { ok: true };
}

/** Signs a body the way Zendesk does; for tests, the demo and local stand-ins. */
export function signZendeskPayload(secret: string, timestamp: string, body: Buffer | string): string {
  return createHmac('sha256', secret)
    .update(timestamp, 'utf8')
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest('base64');
}

/** Zendesk sends UTC ISO 8601 (`2021-07-25T10:00:00Z`); anything without a date part is refused. */
function parseTimestamp(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value.trim())) return null;
  const ms = Date.parse(value.trim());
  return Number.isNaN(ms) ? null : ms;
}

function fail(reason: ZendeskSignatureFailure): ZendeskSignatureResult {
  return { ok: false, reason, hint: HINTS[reason] };
}
