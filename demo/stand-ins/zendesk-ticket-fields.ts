/** How a stand-in ticket's properties follow appended audits and the bot's writes. */
import { fieldValue, type CustomFieldValue, type StandInTicket, type TicketStatus } from './zendesk-shapes.js';

export interface FieldChange {
  id: number;
  value: string | boolean | null;
  previous: string | boolean | null;
}

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Fields of a Create/Change event that the ticket itself follows when an audit is appended. */
const FOLLOWED_FIELDS = new Set(['status', 'group_id', 'assignee_id', 'priority', 'type', 'subject', 'tags']);

/** Applies one Create/Change event's value to the ticket (custom fields by their numeric field_name). */
export function followEvent(ticket: StandInTicket, field: string, value: unknown): void {
  if (/^\d+$/.test(field)) {
    setCustomField(
      ticket,
      Number(field),
      value === undefined || Array.isArray(value) ? null : (value as CustomFieldValue),
    );
    return;
  }
  if (!FOLLOWED_FIELDS.has(field)) return;
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : null;
  switch (field) {
    case 'status':
      if (text) ticket.status = text.toLowerCase() as TicketStatus;
      return;
    case 'group_id':
    case 'assignee_id':
      ticket[field] = text && /^\d+$/.test(text) ? Number(text) : null;
      return;
    case 'tags':
      if (Array.isArray(value)) ticket.tags = value.filter((tag): tag is string => typeof tag === 'string').sort();
      return;
    case 'subject':
      if (text) ticket.subject = text;
      return;
    default:
      (ticket as unknown as Json)[field] = text;
  }
}

export function applyCustomFields(ticket: StandInTicket, input: unknown): FieldChange[] {
  if (!Array.isArray(input)) return [];
  const changed: FieldChange[] = [];
  for (const field of input) {
    if (!isRecord(field) || typeof field.id !== 'number') continue;
    const value = fieldValue(isCustomFieldValue(field.value) ? field.value : null);
    const previous = setCustomField(ticket, field.id, value);
    if (previous !== value) changed.push({ id: field.id, value, previous });
  }
  return changed;
}

/** Sets one custom field (adding it when the ticket lacks it); returns the value it had. */
function setCustomField(ticket: StandInTicket, id: number, value: CustomFieldValue): string | boolean | null {
  ticket.custom_fields ??= [];
  const field = ticket.custom_fields.find((f) => f.id === id);
  const previous = field ? fieldValue(field.value) : null;
  if (field) field.value = fieldValue(value);
  else ticket.custom_fields.push({ id, value: fieldValue(value) });
  return previous;
}

function isCustomFieldValue(value: unknown): value is CustomFieldValue {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

export function stringOrNull(value: string | boolean | null): string | null {
  return value === null ? null : String(value);
}

export function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}
