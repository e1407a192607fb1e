import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request } from 'express';

export const SESSION_COOKIE = 'effortless_session';
const SESSION_HOURS = 12;

/**
 * Stateless sign-in sessions: the cookie holds its expiry and an HMAC of it keyed by a key
 * derived from DASHBOARD_TOKEN, so nothing is stored, a forged or edited cookie fails, and
 * changing the token signs everyone out.
 */
export interface DashboardSessions {
  cookieName: string;
  cookieOptions: CookieOptions;
  /** A new session cookie's value. */
  issue(now: Date): string;
  /** The session's id (its MAC) when the request carries a valid, unexpired session; null otherwise. */
  sessionOf(req: Request, now: Date): string | null;
  /** A key for other MACs (the CSRF tokens), apart from the session key. */
  derivedSecret(purpose: string): string;
}

export function createDashboardSessions(token: string, options: { secure: boolean }): DashboardSessions {
  const derive = (purpose: string) => createHmac('sha256', token).update(`effortless dashboard ${purpose}`).digest();
  const key = derive('session');
  const mac = (expires: string) => createHmac('sha256', key).update(expires).digest('base64url');
  return {
    cookieName: SESSION_COOKIE,
    cookieOptions: {
      httpOnly: true,
      secure: options.secure,
      sameSite: 'lax',
      path: '/',
      maxAge: SESSION_HOURS * 3_600_000,
    },
    issue(now) {
      const expires = String(now.getTime() + SESSION_HOURS * 3_600_000);
      return `${expires}.${mac(expires)}`;
    },
    sessionOf(req, now) {
      const value: unknown = req.cookies?.[SESSION_COOKIE];
      if (typeof value !== 'string') return null;
      const [expires, given] = value.split('.');
      if (!expires || !given || !/^\d{1,15}$/.test(expires) || Number(expires) <= now.getTime()) return null;
      const expected = Buffer.from(mac(expires));
      const actual = Buffer.from(given);
      return actual.length === expected.length && timingSafeEqual(actual, expected) ? given : null;
    },
    derivedSecret(purpose) {
      return derive(purpose).toString('base64url');
    },
  };
}
