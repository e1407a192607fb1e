import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Clock } from '../../ports/clock.js';
import { sameToken } from '../require-dashboard-token.js';
import { dashboardPage, messagePage, signInPage } from './pages.js';
import { createDashboardSessions } from './session.js';

export interface DashboardWebDeps {
  token: string | null;
  /** PUBLIC_URL starts with https: cookies are Secure (and the CSRF cookie __Host-). */
  secure: boolean;
  clock: Clock;
  /** dist/web: dashboard.js, dashboard.css. */
  assetsFolder: string;
  /** Failed sign-ins allowed per client address per window (and 10x that from everyone together). */
  signInAttempts?: number;
}

/** Only a path on this site may be a redirect target after sign-in (no //host, no scheme). */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

/**
 * GET / (the dashboard page), GET/POST /login, POST /logout and /assets. Pages get strict
 * security headers; forms carry double-submit CSRF tokens (csrf-csrf); failed sign-ins are
 * rate limited (express-rate-limit). `signedIn` lets /api accept the session cookie.
 */
export function createDashboardWeb(deps: DashboardWebDeps): { router: Router; signedIn(req: Request): boolean } {
  const router = Router();
  const { token } = deps;
  router.use('/assets', express.static(deps.assetsFolder, { index: false, fallthrough: false, maxAge: '1h' }));
  if (!token) {
    const disabled: RequestHandler = (_req, res) => {
      res
        .status(403)
        .type('html')
        .send(messagePage('Dashboard off', 'Set DASHBOARD_TOKEN (16+ characters) to enable it.'));
    };
    router.get('/', disabled);
    router.all('/login', disabled);
    return { router, signedIn: () => false };
  }

  const sessions = createDashboardSessions(token, { secure: deps.secure });
  const signedIn = (req: Request) => sessions.sessionOf(req, deps.clock.now()) !== null;
  const csrf = doubleCsrf({
    getSecret: () => sessions.derivedSecret('csrf'),
    // Bound to the session once signed in; before that (the sign-in form) to the client address.
    getSessionIdentifier: (req) => sessions.sessionOf(req, deps.clock.now()) ?? req.ip ?? '',
    cookieName: deps.secure ? '__Host-effortless.csrf' : 'effortless.csrf',
    cookieOptions: { sameSite: 'strict', secure: deps.secure, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) => (req.body as Record<string, string> | undefined)?._csrf,
  });
  const attempts = deps.signInAttempts ?? 10;
  const limiterOptions = {
    windowMs: 15 * 60_000,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
    // A right token (303) does not count; wrong tokens and bad forms do.
    skipSuccessfulRequests: true,
    handler: ((_req, res) => {
      res
        .status(429)
        .type('html')
        .send(messagePage('Too many attempts', 'Too many failed sign-ins; wait 15 minutes and try again.'));
    }) as RequestHandler,
  };
  // One limit per address, and one for everyone together: X-Forwarded-For can be forged behind a permissive proxy.
  const perClient = rateLimit({ ...limiterOptions, limit: attempts, validate: { trustProxy: false } });
  const overall = rateLimit({ ...limiterOptions, limit: attempts * 10, keyGenerator: () => 'everyone' });

  router.use(cookieParser());
  const pageHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        'img-src': ["'self'", 'data:'],
        'form-action': ["'self'"],
        'upgrade-insecure-requests': deps.secure ? [] : null,
      },
    },
    strictTransportSecurity: deps.secure,
  });
  const form = express.urlencoded({ extended: false, limit: '10kb' });

  router.get('/', pageHeaders, (req, res) => {
    if (!signedIn(req)) {
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    res
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(dashboardPage({ csrfToken: csrf.generateCsrfToken(req, res) }));
  });

  router.get('/login', pageHeaders, (req, res) => {
    const next = safeNext(req.query.next);
    if (signedIn(req)) {
      res.redirect(303, next);
      return;
    }
    res
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(signInPage({ csrfToken: csrf.generateCsrfToken(req, res), next }));
  });

  router.post('/login', overall, perClient, pageHeaders, form, csrf.doubleCsrfProtection, (req, res) => {
    const body = req.body as Record<string, unknown>;
    const next = safeNext(body.next);
    const given = typeof body.token === 'string' ? body.token.trim() : '';
    if (!sameToken(given, token)) {
      res
        .status(401)
        .type('html')
        .send(
          signInPage({
            csrfToken: csrf.generateCsrfToken(req, res, { overwrite: true }),
            next,
            error: 'That is not the dashboard token.',
          }),
        );
      return;
    }
    res.cookie(sessions.cookieName, sessions.issue(deps.clock.now()), sessions.cookieOptions);
    res.redirect(303, next);
  });

  router.post('/logout', pageHeaders, form, csrf.doubleCsrfProtection, (_req, res) => {
    res.clearCookie(sessions.cookieName, { ...sessions.cookieOptions, maxAge: undefined });
    res.redirect(303, '/login');
  });

  const csrfRefused: ErrorRequestHandler = (error, _req, res, next) => {
    if (error !== csrf.invalidCsrfTokenError) return next(error);
    res
      .status(403)
      .type('html')
      .send(messagePage('Form expired', 'The form was too old or not sent from this page; reload it and try again.'));
  };
  router.use(csrfRefused);
  return { router, signedIn };
}
