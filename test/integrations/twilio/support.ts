import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SurveyInbound } from '../../../src/ports/survey-channels.js';
import { validateAgainstSpec } from '../../support/openapi.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/twilio/', import.meta.url));

/** Twilio's published OpenAPI, trimmed to the operations we check (test/specs/README.md). */
export const SPEC = fileURLToPath(new URL('../../specs/twilio_api_v2010.json', import.meta.url));

export const ACCOUNT_SID = 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
export const AUTH_TOKEN = 'f00dfeedf00dfeedf00dfeedf00dfeed';
export const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
/** The customer's number in every fixture; it must never appear in a log line. */
export const CUSTOMER = '+15558675310';

/** A fresh parsed copy per call, so tests may change it without touching other tests. */
export function loadFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(`${FIXTURES}${name}`, 'utf8')) as T;
}

// CreateMessage documents only its 201. The spec's single error body schema (code, message,
// more_info, status; nothing required) is the 408 of the call-recording update, so error
// bodies are checked against that one, plus the four keys and a status matching HTTP.
const ERROR_SCHEMA_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/CA${'0'.repeat(32)}/Recordings/RE${'0'.repeat(32)}.json`;

/** Problems of a Messages.json answer against twilio_api_v2010.json; [] when it conforms. */
export function specProblems(status: number, body: Record<string, unknown>): string[] {
  if (status < 300) return validateAgainstSpec(SPEC, { method: 'POST', path: MESSAGES_PATH, status, body });
  const problems = validateAgainstSpec(SPEC, { method: 'POST', path: ERROR_SCHEMA_PATH, status: 408, body });
  for (const key of ['code', 'message', 'more_info', 'status'])
    if (!(key in body)) problems.push(`error body lacks ${key}`);
  if (body.status !== status) problems.push(`error body says status ${String(body.status)}, HTTP says ${status}`);
  return problems;
}

type SmsReplyInput = Parameters<SurveyInbound['handleSmsReply']>[0];
type SmsStatusInput = Parameters<SurveyInbound['handleSmsStatus']>[0];

/** A SurveyInbound that records calls; `failures` makes the first N SMS/status calls throw. */
export function fakeInbound(options: { reply?: string | null; failures?: number } = {}) {
  const calls = { sms: [] as SmsReplyInput[], status: [] as SmsStatusInput[] };
  let failures = options.failures ?? 0;
  const maybeFail = () => {
    if (failures-- > 0) throw new Error('survey store unavailable');
  };
  const inbound: SurveyInbound = {
    async handleSmsReply(input) {
      calls.sms.push(input);
      maybeFail();
      return { reply: options.reply === undefined ? 'Thanks for your answer!' : options.reply };
    },
    async handleSmsStatus(input) {
      calls.status.push(input);
      maybeFail();
    },
    handleSlackScore: async () => {
      throw new Error('not a Twilio call');
    },
    handleSlackVerbatim: async () => {
      throw new Error('not a Twilio call');
    },
    handleMessagingReply: async () => {
      throw new Error('not a Twilio call');
    },
  };
  return { inbound, calls };
}
