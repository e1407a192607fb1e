import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * A Conversations webhook carries its shared secret in `X-API-Key`. Compared in constant time:
 * both sides are hashed first, so neither the content nor the length of the secret leaks
 * through how long a refusal takes.
 */
export function verifySuncoApiKey(header: string | undefined, secret: string): boolean {
  if (!header) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(header), digest(secret));
}
