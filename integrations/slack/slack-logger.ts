import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';

const LEVELS: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
};

/**
 * The @slack/logger interface over our pino logger, so the Slack WebClient's lines
 * land in the same stream (and through the same redaction) as everything else.
 * The SDKs' debug lines (request URLs, bodies with e-mail addresses and survey texts) go to
 * pino's `trace`: they are SDK internals, not something `LOG_LEVEL=debug` should flood with.
 * setLevel/setName are no-ops: pino's level and bindings govern.
 */
export function toSlackLogger(logger: Logger): SlackLogger {
  const write = (level: 'trace' | 'info' | 'warn' | 'error', parts: unknown[]): void => {
    const err = parts.find((part): part is Error => part instanceof Error);
    const text = parts
      .filter((part) => part !== err)
      .map((part) => (typeof part === 'string' ? part : JSON.stringify(part)))
      .join(' ');
    const message = text || err?.message || '';
    const fields: Record<string, unknown> = {};
    if (err) fields.err = err;
    logger[level](fields, message);
  };
  return {
    debug: (...msg: unknown[]) => write('trace', msg),
    info: (...msg: unknown[]) => write('info', msg),
    warn: (...msg: unknown[]) => write('warn', msg),
    error: (...msg: unknown[]) => write('error', msg),
    setLevel: () => undefined,
    getLevel: () => LEVELS[logger.level] ?? LogLevel.INFO,
    setName: () => undefined,
  };
}
