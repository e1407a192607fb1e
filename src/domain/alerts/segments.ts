/**
 * Segments the alert job watches. Every sample carries its team (Zendesk group) and a list
 * of non-team segments ('all', 'channel:email', 'tag:vip', 'form:123'). Aggregates are kept
 * per (segment, team), so a segment can be looked at with or without a team's share: a
 * rise that one team explains is alerted for that team, not again for everything.
 */
export const ALL_SEGMENT = 'all';

/** A team key: the Zendesk group id, or null for unassigned cases. */
export type TeamId = number | null;

export interface SegmentWatch {
  /** Ticket tags that get their own segment (config `alerts.segments.tags`). */
  tags: readonly string[];
  /** Ticket form ids that get their own segment (config `alerts.segments.formIds`). */
  formIds: readonly number[];
}

export interface SegmentSource {
  channel: string;
  tags: readonly string[];
  formId: number | null;
}

/** The non-team segments a case belongs to; always starts with 'all'. */
export function segmentsOf(source: SegmentSource, watch: SegmentWatch): string[] {
  const segments = [ALL_SEGMENT, `channel:${source.channel}`];
  for (const tag of watch.tags) if (source.tags.includes(tag)) segments.push(`tag:${tag}`);
  if (source.formId !== null && watch.formIds.includes(source.formId)) segments.push(`form:${source.formId}`);
  return segments;
}

export function teamSegment(team: TeamId): string {
  return team === null ? 'group:none' : `group:${team}`;
}

/** 'group:42' -> 42, 'group:none' -> null, anything else -> undefined. */
export function teamOfSegment(segment: string): TeamId | undefined {
  if (segment === 'group:none') return null;
  const match = /^group:(\d+)$/.exec(segment);
  return match ? Number(match[1]) : undefined;
}

/** A name a lead recognises: team names come from config, the rest from the key. */
export function segmentLabel(segment: string, teamNames: Readonly<Record<string, string>>): string {
  if (segment === ALL_SEGMENT) return 'All tickets';
  const team = teamOfSegment(segment);
  if (team === null) return 'Unassigned';
  if (team !== undefined) return teamNames[String(team)] ?? `Group ${team}`;
  const [kind, ...rest] = segment.split(':');
  const value = rest.join(':');
  if (kind === 'channel') return `Channel ${value}`;
  if (kind === 'tag') return `Tag ${value}`;
  if (kind === 'form') return `Form ${value}`;
  return segment;
}
