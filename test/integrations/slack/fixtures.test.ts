import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderSurveyBlocks, type SlackBlock } from '../../../integrations/slack/survey-blocks.js';
import { validateAgainstSpec } from '../../support/openapi.js';
import { loadFixture } from './load-fixture.js';
import { answeredLow, surveyView } from './survey-views.js';

/** Slack's Web API description (Swagger 2.0, 2021), trimmed to the methods we check (test/specs/README.md). */
const SPEC = fileURLToPath(new URL('../../specs/slack_web_openapi_v2.json', import.meta.url));

/**
 * Slack answers errors with HTTP 200 and `{ ok: false, error }`; the spec files those bodies
 * under each method's `default` response, which the shared validator picks for a status the
 * operation does not list. Any unlisted status would do; 400 reads as "an error body".
 */
const ERROR_BODY_STATUS = 400;

type Json = Record<string, unknown>;

/**
 * The one place the spec is stricter than Slack: chat.update's success schema types
 * `message.blocks` as an object, yet Slack echoes the updated message's blocks as an array
 * (the same Block Kit array the spec's own `blocks` definition describes for chat.postMessage,
 * and an array in @slack/web-api's ChatUpdateResponse type). Only that value is taken out,
 * after checking it is the array of typed blocks we expect.
 */
function dropUpdatedBlocks(body: Json): void {
  const message = body.message as Json;
  expect(Array.isArray(message.blocks)).toBe(true);
  for (const block of message.blocks as Json[]) expect(typeof block.type).toBe('string');
  delete message.blocks;
}

const WEB_API_FIXTURES: Array<{
  file: string;
  method: string;
  path: string;
  status: number;
  exception?: (body: Json) => void;
}> = [
  // The spec documents users.lookupByEmail as GET; @slack/web-api POSTs it (Slack takes both).
  // The response schema does not depend on the verb.
  { file: 'users-lookup-by-email.json', method: 'GET', path: '/api/users.lookupByEmail', status: 200 },
  {
    file: 'users-lookup-by-email-users-not-found.json',
    method: 'GET',
    path: '/api/users.lookupByEmail',
    status: ERROR_BODY_STATUS,
  },
  { file: 'conversations-open.json', method: 'POST', path: '/api/conversations.open', status: 200 },
  { file: 'chat-post-message.json', method: 'POST', path: '/api/chat.postMessage', status: 200 },
  { file: 'chat-update.json', method: 'POST', path: '/api/chat.update', status: 200, exception: dropUpdatedBlocks },
  { file: 'invalid-auth.json', method: 'POST', path: '/api/chat.postMessage', status: ERROR_BODY_STATUS },
];

describe('Slack Web API fixtures match slack_web_openapi_v2.json', () => {
  it.each(WEB_API_FIXTURES)('$method $path ($status) ← web-api/$file', ({ file, method, path, status, exception }) => {
    const body = loadFixture(`web-api/${file}`);
    exception?.(body);
    expect(validateAgainstSpec(SPEC, { method, path, status, body })).toEqual([]);
  });

  it('the validator is not vacuous: missing fields, bad ids, extra properties and unknown errors are reported', () => {
    const open = loadFixture('web-api/conversations-open.json');
    delete open.channel;
    expect(
      validateAgainstSpec(SPEC, { method: 'POST', path: '/api/conversations.open', status: 200, body: open }).join(
        '\n',
      ),
    ).toMatch(/channel/);

    const posted = loadFixture<Json & { message: Json }>('web-api/chat-post-message.json');
    posted.ts = 'yesterday';
    posted.message.surprise = true;
    const errors = validateAgainstSpec(SPEC, {
      method: 'POST',
      path: '/api/chat.postMessage',
      status: 200,
      body: posted,
    }).join('\n');
    expect(errors).toMatch(/\/ts must match pattern/);
    expect(errors).toMatch(/additionalProperty.*surprise/);

    const unknown = { ok: false, error: 'no_such_error' };
    expect(
      validateAgainstSpec(SPEC, { method: 'POST', path: '/api/chat.update', status: ERROR_BODY_STATUS, body: unknown }),
    ).not.toEqual([]);
  });

  it('chat.update is refused without the narrow exception, so the exception is needed', () => {
    const body = loadFixture('web-api/chat-update.json');
    const errors = validateAgainstSpec(SPEC, { method: 'POST', path: '/api/chat.update', status: 200, body });
    expect(errors).toEqual([expect.stringMatching(/\/message\/blocks must be object/)]);
  });

  // objs_user is written as a tuple (`items: [...]`) on an object, which JSON Schema applies to
  // arrays only, so the spec checks nothing inside `user`. Check what we read ourselves.
  it('users.lookupByEmail carries the user id we read', () => {
    const body = loadFixture<{ user: { id: string } }>('web-api/users-lookup-by-email.json');
    expect(body.user.id).toMatch(/^[UW][A-Z0-9]{2,}$/);
  });
});

describe('fixtures tell one story with our own blocks', () => {
  const withoutSlackIds = (blocks: SlackBlock[]) =>
    blocks.map(({ block_id, ...rest }) => (String(block_id).startsWith('effortless_') ? { block_id, ...rest } : rest));

  it('the posted message and the pressed button are what renderSurveyBlocks produces', () => {
    const posted = loadFixture<{ message: { blocks: SlackBlock[] } }>('web-api/chat-post-message.json');
    expect(withoutSlackIds(posted.message.blocks)).toEqual(renderSurveyBlocks(surveyView('CES')).blocks);

    const press = loadFixture<{ actions: Json[]; message: { blocks: SlackBlock[] } }>(
      'interactivity/block-actions-score-button.json',
    );
    const buttons = (renderSurveyBlocks(surveyView('CES')).blocks[1]?.elements ?? []) as Json[];
    const pressed = press.actions[0] as Json;
    expect(buttons).toContainEqual(expect.objectContaining({ action_id: pressed.action_id, value: pressed.value }));
    expect(withoutSlackIds(press.message.blocks)).toEqual(renderSurveyBlocks(surveyView('CES')).blocks);
  });

  it('the verbatim submit comes from the input block of the answered message', () => {
    const submit = loadFixture<{ actions: Json[]; message: { blocks: SlackBlock[] } }>(
      'interactivity/block-actions-verbatim-input.json',
    );
    const input = renderSurveyBlocks(answeredLow()).blocks.find((block) => block.type === 'input');
    expect(submit.actions[0]).toMatchObject({
      type: 'plain_text_input',
      block_id: input?.block_id,
      action_id: 'effortless_survey_verbatim',
    });
    expect(withoutSlackIds(submit.message.blocks)).toEqual(renderSurveyBlocks(answeredLow()).blocks);
  });
});
