import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateAgainstSchema, validateAgainstSpec } from '../../support/openapi.js';

export const SUNCO_SPEC = fileURLToPath(new URL('../../specs/sunshine_conversations_api.yaml', import.meta.url));
export const SUNCO_API = 'http://sunco.test';
export const APP_ID = '5ebee0975ac5304b664a12fa';
export const CONVERSATION = 'f52b01137aa6c250bc7251fa';
export const KEY_ID = 'app_5ebee0975ac5304b664a12fb';
export const KEY_SECRET = 'sunco-key-secret-for-tests';
export const WEBHOOK_SECRET = 'sunco-webhook-secret-for-tests';
export const MESSAGES_PATH = `/v2/apps/${APP_ID}/conversations/${CONVERSATION}/messages`;

export function loadSuncoFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readSuncoFixture(name)) as T;
}

export function readSuncoFixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/sunco/${name}`, import.meta.url)), 'utf8');
}

/** A webhook payload as the description defines it: app, webhook, and each event by its trigger's schema. */
export function webhookPayloadErrors(payload: { events?: Array<{ type?: string }> }): string[] {
  const errors = [
    ...validateAgainstSchema(SUNCO_SPEC, '/components/schemas/appSubSchema', (payload as { app?: unknown }).app),
    ...validateAgainstSchema(
      SUNCO_SPEC,
      '/components/schemas/webhookSubSchema',
      (payload as { webhook?: unknown }).webhook,
    ),
  ];
  for (const event of payload.events ?? []) {
    const schema = event.type === 'conversation:postback' ? 'conversationPostbackEvent' : 'conversationMessageEvent';
    errors.push(...validateAgainstSchema(SUNCO_SPEC, `/components/schemas/${schema}`, event));
  }
  return errors;
}

/** Our Post Message request body, checked against `messagePost`. */
export function messagePostErrors(body: unknown): string[] {
  return validateAgainstSchema(SUNCO_SPEC, '/components/schemas/messagePost', body);
}

export function answerErrors(method: 'GET' | 'POST', status: number, body: unknown): string[] {
  return validateAgainstSpec(SUNCO_SPEC, { method, path: MESSAGES_PATH, status, body });
}
