import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/** Paths that may carry secrets or personal data; pino replaces them before anything is written. */
const REDACT_PATHS = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'token',
  '*.token',
  'apiToken',
  '*.apiToken',
  'authToken',
  '*.authToken',
  'secret',
  '*.secret',
  'webhookSecret',
  '*.webhookSecret',
  'signingSecret',
  '*.signingSecret',
  'botToken',
  '*.botToken',
  'password',
  '*.password',
];

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'effortless' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

/** Shows only the last digits of a phone number: logs must never hold a full number. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  return `***${digits.slice(-3)}`;
}
