/** True when `error`, or an error it wraps (drizzle wraps the driver's), carries the driver's `code`. */
export function hasErrorCode(error: unknown, code: string): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === code) return true;
  }
  return false;
}
