/**
 * How long a `Retry-After` header asks to wait, in milliseconds: delay-seconds or an
 * HTTP-date (RFC 9110 §10.2.3); undefined when absent or unreadable. Zendesk, Twilio,
 * Sunshine Conversations and Slack send whole seconds; a fraction is tolerated and rounded
 * up, so a caller never asks again early. A header repeated on the wire (an array, or values
 * joined with ", ") counts by its first value.
 */
export function retryAfterMs(header: unknown, nowMs: number): number | undefined {
  const first = Array.isArray(header) ? header[0] : header;
  if (typeof first !== 'string' && typeof first !== 'number') return undefined;
  const text = String(first).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // An HTTP-date carries its own comma ("Wed, 05 Mar 2025 ..."), so only a joined list of
  // numbers is split.
  const listed = /^(\d+(\.\d+)?)\s*,/.exec(text);
  if (listed?.[1]) return Math.ceil(Number(listed[1]) * 1000);
  // An HTTP-date names its day and month; V8's Date.parse would also take "-5" as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
