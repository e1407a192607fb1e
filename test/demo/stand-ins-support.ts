import { fileURLToPath } from 'node:url';
import { startStandIns, type StandIns, type StandInsOptions } from '../../demo/stand-ins/start-stand-ins.js';

/** The providers' published API descriptions, trimmed to the operations we check (test/specs/README.md). */
const spec = (file: string) => fileURLToPath(new URL(`../specs/${file}`, import.meta.url));
export const ZENDESK_SPEC = spec('zendesk_support_api.yaml');
export const SLACK_SPEC = spec('slack_web_openapi_v2.json');

export const ZENDESK = { email: 'effortless-bot@example.com', apiToken: 'zd-sEcReT-token', botUserId: 8000 };
export const TWILIO = {
  accountSid: 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  authToken: 'f00dfeedf00dfeedf00dfeedf00dfeed',
};
export const SLACK = { botToken: 'xoxb-1-2-stand-in', channels: { leads: 'C0EFFLEADS' } };

export function zendeskAuth(email = ZENDESK.email, token = ZENDESK.apiToken): string {
  return `Basic ${Buffer.from(`${email}/token:${token}`).toString('base64')}`;
}

/** Starts all three stand-ins with the test credentials; `overrides` replace whole sections. */
export function start(overrides: Partial<StandInsOptions> = {}): Promise<StandIns> {
  return startStandIns({ zendesk: ZENDESK, twilio: TWILIO, slack: SLACK, ...overrides });
}

/** A fetch that answers status and parsed JSON body. */
export async function fetchJson(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
