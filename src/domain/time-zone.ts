/** True for an IANA zone name this runtime knows (Europe/Amsterdam, America/New_York, UTC). */
export function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
