import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { validateAgainstSpec } from '../../support/openapi.js';

/** Slack's Web API description (Swagger 2.0, 2021), trimmed to the methods we check (test/specs/README.md). */
export const SPEC = fileURLToPath(new URL('../../specs/slack_web_openapi_v2.json', import.meta.url));

type Json = Record<string, unknown>;

/**
 * Problems of a conversations.history, conversations.replies or conversations.list answer
 * against slack_web_openapi_v2.json; [] when it conforms. The spec (2021) predates message
 * metadata (2022), and its message object forbids keys it does not list, so two documented
 * keys are checked here and then left out of the copy that is validated:
 * - `metadata`: `{ event_type: string, event_payload: object }` ("Using message metadata");
 * - `app_id`: the posting app's id, which Slack sets on every app's message.
 * The history and replies schemas also forbid `response_metadata`, which each method's own
 * example in the same spec carries (pagination needs it): checked to hold a string
 * `next_cursor`, then left out. Error bodies (`ok: false`, sent with HTTP 200) are checked
 * against the method's `default` response. The spec lists these methods as GET;
 * @slack/web-api POSTs them, which Slack accepts.
 */
export function slackReadProblems(
  method: 'conversations.history' | 'conversations.replies' | 'conversations.list',
  body: Json,
): string[] {
  const copy = structuredClone(body);
  for (const message of (copy.messages as Json[] | undefined) ?? []) {
    if ('metadata' in message) {
      const metadata = message.metadata as Json;
      expect(typeof metadata.event_type).toBe('string');
      expect(typeof metadata.event_payload).toBe('object');
      delete message.metadata;
    }
    if ('app_id' in message) {
      expect(message.app_id).toMatch(/^A[A-Z0-9]+$/);
      delete message.app_id;
    }
  }
  if (method !== 'conversations.list' && 'response_metadata' in copy) {
    expect(typeof (copy.response_metadata as Json).next_cursor).toBe('string');
    delete copy.response_metadata;
  }
  // Any status the operation does not list reaches its `default` (error) response.
  const status = copy.ok === false ? 400 : 200;
  return validateAgainstSpec(SPEC, { method: 'GET', path: `/api/${method}`, status, body: copy });
}
