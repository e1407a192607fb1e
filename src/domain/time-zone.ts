/**
 * Zone names already checked: building an `Intl.DateTimeFormat` costs tens of microseconds
 * and every requester read asks again. The runtime's zone list does not change while it
 * runs; the set of names asked about is small (IANA has about 600), and the cache is
 * bounded anyway, since the names come from outside.
 */
const known = new Map<string, boolean>();
const MAX_CACHED = 2_000;

/** True for an IANA zone name this runtime knows (Europe/Amsterdam, America/New_York, UTC). */
export function isIanaTimeZone(zone: string): boolean {
  const cached = known.get(zone);
  if (cached !== undefined) return cached;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    valid = true;
  } catch {
    valid = false;
  }
  if (known.size < MAX_CACHED) known.set(zone, valid);
  return valid;
}
