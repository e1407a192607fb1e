// Bolt's check from its own module: the rest of Bolt (its App, receivers and the Web API
// client) is loaded only when Slack is configured (compose/integrations.ts).
import { verifySlackRequest } from '@slack/bolt/dist/receivers/verify-request.js';

/**
 * Slack request signing ("Verifying requests from Slack"): X-Slack-Signature is `v0=` + hex
 * HMAC-SHA256 of `v0:{X-Slack-Request-Timestamp}:{raw body}` under the app's signing secret.
 * The HMAC and its constant-time compare are Bolt's own `verifySlackRequest`; it refuses only
 * old timestamps, so the window is checked here first, in both directions: a request dated
 * in the future is as suspect as a replayed one (and would stay replayable for longer).
 */
export const MAX_TIMESTAMP_SKEW_SECONDS = 5 * 60;

export type SlackSignatureFailure = 'missing' | 'stale' | 'future' | 'mismatch';

export type SlackSignatureResult =
  | { ok: true }
  | { ok: false; reason: SlackSignatureFailure; summary: string; hint: string };

/** What an operator should check when Slack's own requests are refused for a bad signature. */
export const SIGNATURE_HINT =
  'verify that SLACK_SIGNING_SECRET matches the Signing Secret under Basic Information in the Slack app settings, ' +
  'and that no proxy re-encodes the request body';

const CLOCK_HINT =
  "X-Slack-Request-Timestamp is more than 5 minutes from this server's clock: check that the clock is right (NTP); " +
  'a request replayed later, or dated ahead, is refused on purpose';

const FAILURES: Record<SlackSignatureFailure, { summary: string; hint: string }> = {
  missing: {
    summary: 'X-Slack-Signature or X-Slack-Request-Timestamp missing',
    hint: 'check that the request comes from Slack and that no proxy strips its headers',
  },
  stale: { summary: 'Timestamp more than 5 minutes old', hint: CLOCK_HINT },
  future: { summary: 'Timestamp more than 5 minutes ahead', hint: CLOCK_HINT },
  mismatch: { summary: 'Signature mismatch', hint: SIGNATURE_HINT },
};

const fail = (reason: SlackSignatureFailure): SlackSignatureResult => ({ ok: false, reason, ...FAILURES[reason] });

export function verifySlackSignature(input: {
  signingSecret: string;
  rawBody: string;
  signature: string | undefined;
  timestamp: string | undefined;
  /** Real time: Slack stamps requests with it, whatever clock the service runs on. */
  now: Date;
}): SlackSignatureResult {
  const signature = input.signature?.trim();
  const timestamp = input.timestamp?.trim();
  if (!signature || !timestamp) return fail('missing');
  // Unix seconds as digits only: `Number()` would also take "1e9", " 12" or "0x10".
  if (!/^\d{1,12}$/.test(timestamp)) return fail('mismatch');
  const requestSeconds = Number(timestamp);
  const nowSeconds = Math.floor(input.now.getTime() / 1000);
  if (requestSeconds < nowSeconds - MAX_TIMESTAMP_SKEW_SECONDS) return fail('stale');
  if (requestSeconds > nowSeconds + MAX_TIMESTAMP_SKEW_SECONDS) return fail('future');
  try {
    verifySlackRequest({
      signingSecret: input.signingSecret,
      body: input.rawBody,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': requestSeconds },
      nowMilliseconds: input.now.getTime(),
    });
    return { ok: true };
  } catch {
    // Bolt throws for an unknown version or a wrong hash alike; its message adds nothing for the operator.
    return fail('mismatch');
  }
}
