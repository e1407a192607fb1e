/**
 * Small readers for untrusted Zendesk JSON. Zendesk sends the same id as a number in the
 * REST API (`"group_id": 360002`), as a string in audit event values (`"value": "360002"`)
 * and in webhook `detail` objects (`"id": "5158"`), so every id goes through `readId`.
 */

import { ZendeskPayloadError } from '../../src/ports/errors.js';

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireRecord(value: unknown, what: string): JsonRecord {
  if (!isRecord(value)) throw new ZendeskPayloadError(`${what} is not a JSON object`);
  return value;
}

/**
 * A positive integer id from a number or a string of digits; anything else is null.
 * Zendesk's system user is `-1` (audits by Zendesk itself), which also reads as null.
 */
export function readId(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : null;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) {
    const id = Number(value.trim());
    return Number.isSafeInteger(id) && id > 0 ? id : null;
  }
  return null;
}

export function requireId(value: unknown, what: string): number {
  const id = readId(value);
  if (id === null) throw new ZendeskPayloadError(`${what} is not a Zendesk id: ${JSON.stringify(value)}`);
  return id;
}

/** ISO 8601 text, or Unix seconds as the incremental exports send in `timestamp`. */
export function readDate(value: unknown): Date | null {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000);
  if (typeof value !== 'string' || value.trim() === '') return null;
  const date = new Date(value.trim());
  return Number.isNaN(date.getTime()) ? null : date;
}

export function requireDate(value: unknown, what: string): Date {
  const date = readDate(value);
  if (!date) throw new ZendeskPayloadError(`${what} is not a date: ${JSON.stringify(value)}`);
  return date;
}

/** Non-empty trimmed text, else null (Zendesk uses both `null` and `""` for "none"). */
export function readText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' ? null : text;
}

/** `via.channel` of a REST via object; Zendesk may also send the numeric via id. */
export function readViaChannel(via: unknown): string | null {
  if (!isRecord(via)) return null;
  const channel = via.channel;
  if (typeof channel === 'number') return String(channel);
  return readText(channel)?.toLowerCase() ?? null;
}
