import { PermanentError } from '../../src/ports/errors.js';
import type { DeliveryHandler } from '../../src/ports/inbox.js';
import { handleBlockActions, type BlockActionDeps } from './block-actions.js';
import { FORM_CONTENT_TYPE, parseSlackRequest } from './parse-request.js';

/**
 * Worker side of POST /slack/events, for a stored button press the webhook acknowledged but
 * could not finish (the survey service threw, chat.update failed) or never finished (a crash).
 * Slack does not resend interactivity payloads, so this is their only retry. Register it for
 * SLACK_PROVIDER.
 */
export function createSlackDeliveryHandler(deps: BlockActionDeps): DeliveryHandler {
  return async (delivery, log) => {
    // Only form-encoded requests (interactivity and slash commands) are ever stored.
    const parsed = parseSlackRequest(delivery.rawBody, FORM_CONTENT_TYPE);
    if (!parsed.ok) throw new PermanentError(`stored Slack delivery is not a Slack request: ${parsed.problem}`);
    const { request } = parsed;
    if (request.kind === 'block_actions') return handleBlockActions(deps, request.payload, log);
    if (request.kind === 'command') {
      // Its answer was the HTTP response; once that is gone nothing can be sent in its place.
      log.warn(
        { eventType: delivery.eventType },
        'slack slash command left unfinished; its answer cannot be sent any more',
      );
      return 'ignored';
    }
    throw new PermanentError(`stored Slack delivery of kind ${request.kind} has no handler`);
  };
}
