import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AlertConfig } from '../app/alerts/alert-settings.js';
import { DEFAULT_EFFORT_MODEL_SETTINGS, type EffortModelSettings } from '../app/effort-model/refit-effort-model.js';
import type { SurveySettings, SurveyTextOverrides } from '../app/surveys/settings.js';
import { DEFAULT_SEGMENT_RULES, type SegmentRules } from '../domain/alerts/rules.js';
import type { AlertsFileConfig } from './alerts-schema.js';
import { mergeDriverDefinitions, type DriverDefinitions } from '../domain/driver-definitions.js';
import { mergeEffortWeights, type EffortWeights } from '../domain/effort-index.js';
import { DEFAULT_SURVEY_RULES, type SurveyRule } from '../domain/survey/journey.js';
import { DEFAULT_SURVEY_TEXTS } from '../domain/survey/texts.js';
import { envSchema, type ParsedEnv } from './env-schema.js';
import { fileConfigSchema, type FileConfig } from './file-schema.js';
import { WEEKDAY_NUMBERS } from './report-schema.js';

export interface ZendeskConfig {
  /** API access (read audits, write back); null when URL, email or token is absent. */
  api: { url: string; email: string; apiToken: string } | null;
  webhookSecret: string | null;
  effortFieldId: number | null;
  cesFieldId: number | null;
  /** ZENDESK_REQUESTS_PER_MINUTE: this process's share of the account's API rate limit. */
  requestsPerMinute: number;
}

export interface AppConfig {
  port: number;
  publicUrl: string;
  databaseUrl: string;
  /** PostgreSQL: connections this instance may open (DATABASE_POOL_SIZE). */
  databasePoolSize: number;
  /** SQLite: the page cache's limit in MiB (SQLITE_CACHE_MIB). */
  sqliteCacheMib: number;
  /** How long a stop waits for work in flight before the process exits anyway. */
  shutdownGraceMs: number;
  /** Connect and response timeout of every call to Zendesk, Twilio and Slack. */
  upstreamTimeoutMs: number;
  /** Workers per queue (inbox and outbox); deliveries of one ticket still run in order. */
  workers: number;
  /** How long failed work is retried before it becomes a dead letter. */
  retryHorizonMs: number;
  /** How long a claimed row stays with its worker without a renewal: after a crash, how soon work resumes. */
  leaseMs: number;
  /** Processed deliveries and sent, cancelled or answered-for outbox rows older than this are deleted (RETENTION_DAYS). */
  retentionMs: number;
  logLevel: ParsedEnv['LOG_LEVEL'];
  timezone: string;
  dashboardToken: string | null;
  zendesk: ZendeskConfig;
  /** `whatsappFrom` is TWILIO_WHATSAPP_FROM: WhatsApp is on when it is set (with Twilio). */
  twilio: { accountSid: string; authToken: string; from: string; apiUrl: string; whatsappFrom: string | null } | null;
  /** Sunshine Conversations (Zendesk messaging): API key, app and webhook secret. */
  sunco: { appId: string; keyId: string; keySecret: string; webhookSecret: string; apiUrl: string } | null;
  slack: { botToken: string; signingSecret: string; alertChannel: string | null; apiUrl: string } | null;
  effortWeights: EffortWeights;
  /** When the index is fitted to CES answers (effortless.config.json `effort.model`). */
  effortModel: EffortModelSettings;
  /** How drivers are counted (effortless.config.json `drivers`, docs/drivers.md). */
  drivers: DriverDefinitions;
  /** Timing from the environment, rules and texts from the config file. */
  surveys: Pick<
    SurveySettings,
    | 'trigger'
    | 'rules'
    | 'textOverrides'
    | 'companyName'
    | 'replyWindowHours'
    | 'delaySeconds'
    | 'cooldownDays'
    | 'quietHours'
    | 'policy'
    | 'cesWording'
    | 'reminder'
    | 'againOnNewResolution'
    | 'channelFallback'
    | 'whatsappTemplates'
  >;
  alerts: AlertConfig;
  /** Team names from Zendesk groups: read again this often (`teams.refreshMinutes`). */
  teams: { refreshMs: number };
  /** The weekly digest (`report` in the config file); its zone defaults to TIMEZONE. */
  report: ReportSettings;
  configFile: string | null;
}

export interface ReportSettings {
  weekly: { enabled: boolean; weekday: number; time: string; timeZone: string };
  worstCount: number;
}

/** Every problem found, each naming the variable (or file key) and the expected form. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** An integration is on only with all its credentials; some but not all is a mistake worth stopping for. */
function allOrNone(env: Env, keys: Array<keyof ParsedEnv>, problems: string[]): boolean {
  const isSet = (k: string) => (env[k] ?? '').trim() !== '';
  const present = keys.filter(isSet);
  if (present.length > 0 && present.length < keys.length) {
    const missing = keys.filter((k) => !isSet(k));
    problems.push(`${missing.join(', ')}: missing; needed together with ${present.join(', ')}`);
  }
  return present.length === keys.length;
}

const NO_FILE: FileConfig = fileConfigSchema.parse({});

function readFileConfig(env: Env, cwd: string, problems: string[]): { path: string | null; file: FileConfig } {
  const explicit = env.EFFORTLESS_CONFIG?.trim() || undefined;
  const path = resolve(cwd, explicit ?? 'effortless.config.json');
  if (!existsSync(path)) {
    if (explicit) problems.push(`EFFORTLESS_CONFIG: file not found: ${path}`);
    return { path: null, file: NO_FILE };
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.push(`EFFORTLESS_CONFIG (${path}): not valid JSON: ${(error as Error).message}`);
    return { path, file: NO_FILE };
  }
  const parsed = fileConfigSchema.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push(`EFFORTLESS_CONFIG (${path}) ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return { path, file: NO_FILE };
  }
  for (const key of unknownTextKeys(parsed.data.surveys.texts)) {
    problems.push(
      `EFFORTLESS_CONFIG (${path}) surveys.texts.${key}: unknown text; see DEFAULT_SURVEY_TEXTS in src/domain/survey/texts.ts`,
    );
  }
  return { path, file: parsed.data };
}

/** Text keys an operator wrote that no message uses (a typo would otherwise be ignored silently). */
function unknownTextKeys(overrides: FileConfig['surveys']['texts']): string[] {
  const reference = DEFAULT_SURVEY_TEXTS.en as unknown as Record<string, unknown>;
  const unknown: string[] = [];
  for (const [language, texts] of Object.entries(overrides)) {
    for (const [key, value] of Object.entries(texts)) {
      const known = reference[key];
      if (known === undefined || typeof known !== typeof value) unknown.push(`${language}.${key}`);
      else if (typeof value === 'object') {
        for (const inner of Object.keys(value))
          if (!(inner in (known as object))) unknown.push(`${language}.${key}.${inner}`);
      }
    }
  }
  return unknown;
}

/** Parses the environment once, at boot; `env` is a parameter so tests pass their own. */
export function loadConfig(env: Env, options: { cwd?: string } = {}): AppConfig {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  const zendeskApi = allOrNone(env, ['ZENDESK_URL', 'ZENDESK_EMAIL', 'ZENDESK_API_TOKEN'], problems);
  const twilio = allOrNone(env, ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'], problems);
  const slack = allOrNone(env, ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'], problems);
  const sunco = allOrNone(env, ['SUNCO_APP_ID', 'SUNCO_KEY_ID', 'SUNCO_KEY_SECRET', 'SUNCO_WEBHOOK_SECRET'], problems);
  if ((env.TWILIO_WHATSAPP_FROM ?? '').trim() !== '' && !twilio)
    problems.push(
      'TWILIO_WHATSAPP_FROM: needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM (the same account)',
    );
  const file = readFileConfig(env, options.cwd ?? process.cwd(), problems);
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;

  const [start = '21:00', end = '08:00'] = e.QUIET_HOURS.split('-');
  return {
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    sqliteCacheMib: e.SQLITE_CACHE_MIB,
    shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
    upstreamTimeoutMs: e.UPSTREAM_TIMEOUT_SECONDS * 1000,
    workers: e.WORKERS,
    retryHorizonMs: e.RETRY_HOURS * 3_600_000,
    leaseMs: e.WORK_LEASE_SECONDS * 1000,
    retentionMs: e.RETENTION_DAYS * 86_400_000,
    logLevel: e.LOG_LEVEL,
    timezone: e.TIMEZONE,
    dashboardToken: e.DASHBOARD_TOKEN ?? null,
    zendesk: {
      api: zendeskApi
        ? { url: e.ZENDESK_URL!.replace(/\/+$/, ''), email: e.ZENDESK_EMAIL!, apiToken: e.ZENDESK_API_TOKEN! }
        : null,
      webhookSecret: e.ZENDESK_WEBHOOK_SECRET ?? null,
      effortFieldId: e.ZENDESK_EFFORT_FIELD_ID ?? null,
      cesFieldId: e.ZENDESK_CES_FIELD_ID ?? null,
      requestsPerMinute: e.ZENDESK_REQUESTS_PER_MINUTE,
    },
    twilio: twilio
      ? {
          accountSid: e.TWILIO_ACCOUNT_SID!,
          authToken: e.TWILIO_AUTH_TOKEN!,
          from: e.TWILIO_FROM!,
          apiUrl: e.TWILIO_API_URL,
          whatsappFrom: e.TWILIO_WHATSAPP_FROM ?? null,
        }
      : null,
    sunco: sunco
      ? {
          appId: e.SUNCO_APP_ID!,
          keyId: e.SUNCO_KEY_ID!,
          keySecret: e.SUNCO_KEY_SECRET!,
          webhookSecret: e.SUNCO_WEBHOOK_SECRET!,
          apiUrl: e.SUNCO_API_URL.replace(/\/+$/, ''),
        }
      : null,
    slack: slack
      ? {
          botToken: e.SLACK_BOT_TOKEN!,
          signingSecret: e.SLACK_SIGNING_SECRET!,
          alertChannel: e.SLACK_ALERT_CHANNEL ?? null,
          apiUrl: e.SLACK_API_URL,
        }
      : null,
    effortWeights: mergeEffortWeights(file.file.effort.weights),
    effortModel: { ...DEFAULT_EFFORT_MODEL_SETTINGS, ...definedOnly(file.file.effort.model) },
    drivers: mergeDriverDefinitions(file.file.drivers),
    surveys: {
      trigger: file.file.surveys.trigger,
      rules: (file.file.surveys.rules as SurveyRule[] | undefined) ?? DEFAULT_SURVEY_RULES,
      textOverrides: file.file.surveys.texts as SurveyTextOverrides,
      companyName: file.file.surveys.companyName,
      replyWindowHours: file.file.surveys.replyWindowHours,
      delaySeconds: e.SURVEY_DELAY_SECONDS,
      cooldownDays: e.SURVEY_COOLDOWN_DAYS,
      quietHours: { start, end },
      policy: { skip: file.file.surveys.skip, exclude: file.file.surveys.exclude },
      cesWording: file.file.surveys.cesWording,
      reminder: file.file.surveys.reminder ?? null,
      againOnNewResolution: file.file.surveys.againOnNewResolution,
      channelFallback: file.file.surveys.channelFallback,
      whatsappTemplates: file.file.surveys.whatsappTemplates,
    },
    alerts: alertConfigFrom(file.file.alerts),
    teams: { refreshMs: file.file.teams.refreshMinutes * 60_000 },
    report: {
      weekly: {
        enabled: file.file.report.weekly.enabled,
        weekday: WEEKDAY_NUMBERS[file.file.report.weekly.day],
        time: file.file.report.weekly.time,
        timeZone: file.file.report.weekly.timeZone ?? e.TIMEZONE,
      },
      worstCount: file.file.report.worstCount,
    },
    configFile: file.path,
  };
}

/** A segment's rules as configured; a partial `minEffect` fills in from `base`. */
function segmentRulesFrom(rules: AlertsFileConfig['rules'], base: SegmentRules['minEffect']): Partial<SegmentRules> {
  const { minEffect, ...rest } = rules;
  return minEffect ? { ...rest, minEffect: { ...base, ...minEffect } } : rest;
}

function alertConfigFrom(alerts: AlertsFileConfig): AlertConfig {
  const defaults = { ...DEFAULT_SEGMENT_RULES, ...segmentRulesFrom(alerts.rules, DEFAULT_SEGMENT_RULES.minEffect) };
  const overrides = Object.fromEntries(
    Object.entries(alerts.segments).map(([segment, rules]) => [segment, segmentRulesFrom(rules, defaults.minEffect)]),
  );
  return {
    rules: { defaults, overrides },
    timing: { cooldownMs: alerts.cooldownMinutes * 60_000, updateIntervalMs: alerts.updateIntervalMinutes * 60_000 },
    evaluateEveryMs: alerts.evaluateEveryMinutes * 60_000,
    watch: alerts.watch,
    teamNames: alerts.teamNames,
    lowScore: alerts.lowScore,
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
