import { createHash } from 'node:crypto';
import type { EffortDrivers, EffortLevel, EffortScore } from './drivers.js';
import { driverLabel, formatMinutes, MAX_EFFORT_INDEX } from './effort-index.js';
import type { TicketUpdate } from './ticket.js';

export interface EffortWritebackInput {
  ticketId: number;
  score: EffortScore;
  drivers: EffortDrivers;
  /** ZENDESK_EFFORT_FIELD_ID; null when not configured (tags and note are still written). */
  effortFieldId: number | null;
  currentTags: string[];
}

export interface EffortWriteback {
  update: TicketUpdate;
  /** Equal for equal effort states; the caller skips the write when it already wrote this key. */
  stateKey: string;
}

const EFFORT_LEVELS: readonly EffortLevel[] = ['low', 'medium', 'high'];
/** Bump when the note or field layout changes, so tickets get the new layout once. */
const WRITEBACK_FORMAT_VERSION = 1;

export function effortTag(level: EffortLevel): string {
  return `effort_${level}`;
}

/** The ticket update that shows a case's effort to agents: one tag, the numeric field, an internal note. */
export function planEffortWriteback(input: EffortWritebackInput): EffortWriteback {
  const { score, drivers } = input;
  const current = new Set(input.currentTags);
  // Only the other level tags: Zendesk tag edits are idempotent, but removing absent tags is noise.
  const staleTags = EFFORT_LEVELS.filter((level) => level !== score.level)
    .map(effortTag)
    .filter((tag) => current.has(tag));

  const update: TicketUpdate = {
    customFields: input.effortFieldId === null ? [] : [{ id: input.effortFieldId, value: score.index }],
    addTags: [effortTag(score.level)],
    removeTags: staleTags,
    internalNote: effortNote(score, drivers),
  };
  return { update, stateKey: effortStateKey(score, drivers, input.effortFieldId) };
}

/** Plain-text internal note for agents; never public. */
export function effortNote(score: EffortScore, drivers: EffortDrivers): string {
  const lines = [`Effortless: effort index ${score.index}/${MAX_EFFORT_INDEX} (${score.level})`];
  for (const contribution of score.contributions) {
    lines.push(`- ${driverLabel(contribution.driver, drivers)}: +${contribution.points}`);
  }
  const resolution =
    drivers.resolutionMinutes === null ? 'not resolved' : `resolved in ${formatMinutes(drivers.resolutionMinutes)}`;
  lines.push(
    `Contacts: ${drivers.customerContacts}; ${resolution}; customer waited ${formatMinutes(drivers.customerWaitMinutes)}`,
  );
  return lines.join('\n');
}

/**
 * sha256 of the canonical JSON of what the update expresses (index, level, drivers, target
 * field and format version). Current tags are left out on purpose: they describe the ticket
 * before the write, not the state being written.
 */
export function effortStateKey(score: EffortScore, drivers: EffortDrivers, effortFieldId: number | null): string {
  const state = {
    version: WRITEBACK_FORMAT_VERSION,
    index: score.index,
    level: score.level,
    drivers,
    effortFieldId,
  };
  return createHash('sha256').update(canonicalJson(state)).digest('hex');
}

/** JSON with object keys sorted at every depth, so key order never changes the hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
