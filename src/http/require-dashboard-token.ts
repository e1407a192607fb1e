import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The dashboard and API are never public: 403 when no token is configured, 401 without the right one. */
export function requireDashboardToken(token: string | null): RequestHandler {
  return (req, res, next) => {
    if (!token) {
      res
        .status(403)
        .json({ error: 'dashboard_disabled', message: 'Set DASHBOARD_TOKEN to enable the dashboard and API.' });
      return;
    }
    const header = req.header('authorization') ?? '';
    const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    if (!bearer || !sameToken(bearer, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="effortless"');
      res.status(401).json({ error: 'unauthorized', message: 'Send Authorization: Bearer <DASHBOARD_TOKEN>.' });
      return;
    }
    next();
  };
}
