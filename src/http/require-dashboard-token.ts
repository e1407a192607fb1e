import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';

export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The dashboard and API are never public: 403 when no token is configured, 401 without the
 * right bearer. `signedIn` accepts the dashboard's session cookie too, for reads only: a
 * cookie rides along on cross-site requests, so anything that changes state needs the bearer.
 */
export function requireDashboardToken(token: string | null, signedIn?: (req: Request) => boolean): RequestHandler {
  return (req, res, next) => {
    if (!token) {
      res
        .status(403)
        .json({ error: 'dashboard_disabled', message: 'Set DASHBOARD_TOKEN to enable the dashboard and API.' });
      return;
    }
    const header = req.header('authorization') ?? '';
    const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    if (bearer && sameToken(bearer, token)) return next();
    if (!bearer && (req.method === 'GET' || req.method === 'HEAD') && signedIn?.(req)) return next();
    res.setHeader('WWW-Authenticate', 'Bearer realm="effortless"');
    res
      .status(401)
      .json({ error: 'unauthorized', message: 'Send Authorization: Bearer <DASHBOARD_TOKEN>, or sign in at /.' });
  };
}
