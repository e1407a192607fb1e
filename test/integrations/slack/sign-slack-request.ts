import { createHmac } from 'node:crypto';

/**
 * Signs a request the way Slack does ("Verifying requests from Slack"): X-Slack-Signature is
 * `v0=` + hex HMAC-SHA256 of `v0:{X-Slack-Request-Timestamp}:{raw body}` under the app's
 * signing secret; the timestamp is Unix seconds. Written from the docs, not from Bolt, so a
 * test passing means Bolt accepts what Slack sends.
 */
export function slackSignatureHeaders(
  secret: string,
  rawBody: string,
  timestampSeconds = Math.floor(Date.now() / 1000),
) {
  const base = `v0:${timestampSeconds}:${rawBody}`;
  return {
    'X-Slack-Request-Timestamp': String(timestampSeconds),
    'X-Slack-Signature': `v0=${createHmac('sha256', secret).update(base).digest('hex')}`,
  };
}

/** Interactivity payloads arrive form-encoded, the JSON in a single `payload` field. */
export function interactivityBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
