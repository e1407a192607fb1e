/** Exponential backoff with full jitter (AWS architecture blog): spreads retries of many senders. */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  maxAttempts: number;
}

export function backoffDelayMs(
  attempt: number,
  policy: Pick<BackoffPolicy, 'baseMs' | 'capMs'>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** The time of the next try after `attempt` failed tries, or null when the attempts are used up. */
export function nextAttemptAt(now: Date, attempt: number, policy: BackoffPolicy, random?: () => number): Date | null {
  if (attempt >= policy.maxAttempts) return null;
  return new Date(now.getTime() + backoffDelayMs(attempt, policy, random));
}
