import type { AuditEvent, CallDirection } from '../../src/domain/audit.js';
import { isRecord, readId, readText, type JsonRecord } from './payload-fields.js';

/**
 * What an audit's `via` says beyond its channel (Via object reference: `source.from`,
 * `source.to`, `source.rel`). The effort drivers need two facts from it: which way a call
 * went, and which tickets a merge brought in.
 */

/** REST `via.source.rel` of a call, or the export's via display name / via type. */
const CALL_DIRECTIONS: Readonly<Record<string, CallDirection>> = {
  inbound: 'inbound',
  outbound: 'outbound',
  voicemail: 'voicemail',
  'phone call (incoming)': 'inbound',
  'phone call (outbound)': 'outbound',
  phone_call_inbound: 'inbound',
  phone_call_outbound: 'outbound',
};

/** The call's direction from the first via that names one (the event's own via, then the audit's). */
export function readCallDirection(...vias: unknown[]): CallDirection | undefined {
  for (const via of vias) {
    const name = isRecord(via) ? (readText(sourceOf(via).rel) ?? readText(via.channel)) : readText(via);
    const direction = name ? CALL_DIRECTIONS[name.toLowerCase()] : undefined;
    if (direction) return direction;
  }
  return undefined;
}

/**
 * A merge into this ticket: the via's `source.rel` (or its channel, the `merge` via type) is
 * `merge`, and `source.from` names the ticket(s) merged in (`ticket_id`, or `ticket_ids`).
 */
export function mergeEvent(via: unknown): AuditEvent[] {
  if (!isRecord(via)) return [];
  const source = sourceOf(via);
  const isMerge = readText(source.rel)?.toLowerCase() === 'merge' || readText(via.channel)?.toLowerCase() === 'merge';
  if (!isMerge) return [];
  const from = isRecord(source.from) ? source.from : {};
  const listed = Array.isArray(from.ticket_ids) ? from.ticket_ids : [from.ticket_id];
  const ticketIds = listed.map(readId).filter((id): id is number => id !== null);
  return ticketIds.length > 0 ? [{ kind: 'merge', ticketIds }] : [];
}

/** `via.source.rel` in lower case (`trigger`, `automation`, `inbound`, ...), or null. */
export function readViaRel(via: unknown): string | null {
  return isRecord(via) ? (readText(sourceOf(via).rel)?.toLowerCase() ?? null) : null;
}

function sourceOf(via: JsonRecord): JsonRecord {
  return isRecord(via.source) ? via.source : {};
}
