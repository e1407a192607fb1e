import { z } from 'zod';
import { isIanaTimeZone } from '../domain/time-zone.js';

/** Empty values in .env files mean "not set". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://example.zendesk.com' });
const numericId = z.string().regex(/^\d+$/, 'expected a numeric id such as 360012345678').transform(Number);
const hhmm = '([01]\\d|2[0-3]):[0-5]\\d';

/** SQLite only, for now: `file:path`, a bare path or `:memory:`. Any `scheme://` is refused, not taken as a file name. */
function checkDatabaseUrl(value: string, context: z.RefinementCtx): void {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1];
  if (!scheme || scheme.toLowerCase() === 'file') return;
  if (/^postgres(ql)?$/i.test(scheme)) {
    if (!URL.canParse(value) || !new URL(value).hostname)
      context.addIssue({ code: 'custom', message: 'expected postgres://user:password@host:5432/database' });
    return;
  }
  context.addIssue({
    code: 'custom',
    message: `unsupported scheme ${scheme}://; expected a SQLite file such as file:data/effortless.db, :memory:, or postgres://user:password@host:5432/database`,
  });
}

/**
 * SQLITE_CACHE_MIB's default (better-sqlite3 is built with 16 MiB, SQLite itself with 2). The
 * queue claims and the dashboard read through indexes and daily sums: 4 MiB measured as fast
 * as 16 on a 100,000-delivery backlog and on a year of dashboard data, 2 MiB slowed the
 * year-long dashboard breakdowns (BENCHMARKS.md). The cache fills as the database grows and is
 * never given back while the service runs.
 */
export const DEFAULT_SQLITE_CACHE_MIB = 4;

/** Every variable of docs/contract.md, with its default and the form it must have. */
export const envSchema = z.object({
  PORT: optional(z.coerce.number({ error: 'expected a port number' }).int().min(0).max(65535)).transform(
    (v) => v ?? 3000,
  ),
  PUBLIC_URL: optional(httpUrl),
  DATABASE_URL: optional(z.string().superRefine(checkDatabaseUrl)).transform((v) => v ?? 'file:data/effortless.db'),
  // PostgreSQL only: the most connections one instance opens (its workers share them).
  DATABASE_POOL_SIZE: optional(z.coerce.number({ error: 'expected a whole number' }).int().min(1).max(1000)).transform(
    (v) => v ?? 10,
  ),
  // SQLite only: the most memory the connection's page cache may hold.
  SQLITE_CACHE_MIB: optional(z.coerce.number({ error: 'expected whole MiB' }).int().min(1).max(4096)).transform(
    (v) => v ?? DEFAULT_SQLITE_CACHE_MIB,
  ),
  SHUTDOWN_GRACE_SECONDS: optional(
    z.coerce.number({ error: 'expected whole seconds' }).int().min(0).max(600),
  ).transform((v) => v ?? 10),
  UPSTREAM_TIMEOUT_SECONDS: optional(z.coerce.number({ error: 'expected seconds' }).positive().max(300)).transform(
    (v) => v ?? 15,
  ),
  WORKERS: optional(z.coerce.number({ error: 'expected a whole number' }).int().min(1).max(256)).transform(
    (v) => v ?? 32,
  ),
  WORK_LEASE_SECONDS: optional(z.coerce.number({ error: 'expected seconds' }).int().min(1).max(3600)).transform(
    (v) => v ?? 30,
  ),
  RETRY_HOURS: optional(
    z.coerce
      .number({ error: 'expected hours' })
      .positive()
      .max(24 * 30),
  ).transform((v) => v ?? 24),
  // Processed deliveries and finished outbox rows older than this are deleted. At least a
  // day: no provider resends a delivery that late, so the inbox's duplicate check loses nothing.
  RETENTION_DAYS: optional(z.coerce.number({ error: 'expected whole days' }).int().min(1).max(3650)).transform(
    (v) => v ?? 30,
  ),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])).transform(
    (v) => v ?? 'info',
  ),

  ZENDESK_URL: optional(httpUrl),
  ZENDESK_EMAIL: optional(z.email({ error: 'expected the email address of the API user' })),
  ZENDESK_API_TOKEN: optional(z.string()),
  ZENDESK_WEBHOOK_SECRET: optional(z.string()),
  ZENDESK_EFFORT_FIELD_ID: optional(numericId),
  ZENDESK_CES_FIELD_ID: optional(numericId),
  ZENDESK_REQUESTS_PER_MINUTE: optional(
    z.coerce.number({ error: 'expected a whole number of requests a minute' }).int().min(1).max(100_000),
  ).transform((v) => v ?? 100),

  TWILIO_ACCOUNT_SID: optional(z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'expected AC followed by 32 hex characters')),
  TWILIO_AUTH_TOKEN: optional(z.string()),
  TWILIO_FROM: optional(
    z
      .string()
      .regex(
        /^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/,
        'expected an E.164 number (+31612345678) or a Messaging Service SID (MG...)',
      ),
  ),
  TWILIO_API_URL: optional(httpUrl).transform((v) => v ?? 'https://api.twilio.com'),
  TWILIO_WHATSAPP_FROM: optional(
    z
      .string()
      .regex(/^whatsapp:\+[1-9]\d{6,14}$/, 'expected whatsapp: and an E.164 number, such as whatsapp:+31612345678'),
  ),

  SUNCO_APP_ID: optional(
    z.string().regex(/^[0-9a-zA-Z]{10,40}$/, 'expected the Conversations app id, such as 5ebee0975ac5304b664a12fa'),
  ),
  SUNCO_KEY_ID: optional(
    z.string().regex(/^[0-9a-zA-Z_-]{6,64}$/, 'expected an API key id, such as app_5ebee0975ac5304b664a12fa'),
  ),
  SUNCO_KEY_SECRET: optional(z.string().min(8, 'expected the API key secret')),
  SUNCO_WEBHOOK_SECRET: optional(z.string().min(8, 'expected the webhook secret')),
  SUNCO_API_URL: optional(httpUrl).transform((v) => v ?? 'https://api.smooch.io'),

  SLACK_BOT_TOKEN: optional(z.string().regex(/^xox[bpe]-/, 'expected a bot token starting with xoxb-')),
  SLACK_SIGNING_SECRET: optional(z.string()),
  SLACK_ALERT_CHANNEL: optional(z.string()),
  SLACK_API_URL: optional(httpUrl).transform((v) => v ?? 'https://slack.com/api/'),

  DASHBOARD_TOKEN: optional(z.string().min(16, 'expected at least 16 characters')),

  SURVEY_DELAY_SECONDS: optional(z.coerce.number({ error: 'expected whole seconds' }).int().min(0)).transform(
    (v) => v ?? 0,
  ),
  SURVEY_COOLDOWN_DAYS: optional(z.coerce.number({ error: 'expected a number of days' }).min(0)).transform(
    (v) => v ?? 7,
  ),
  QUIET_HOURS: optional(
    z.string().regex(new RegExp(`^${hhmm}-${hhmm}$`), 'expected HH:MM-HH:MM such as 21:00-08:00'),
  ).transform((v) => v ?? '21:00-08:00'),
  TIMEZONE: optional(
    z.string().refine(isIanaTimeZone, 'expected an IANA time zone such as Europe/Amsterdam'),
  ).transform((v) => v ?? 'UTC'),
  EFFORTLESS_CONFIG: optional(z.string()),
});

export type ParsedEnv = z.output<typeof envSchema>;
