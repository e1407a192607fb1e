import type { Logger } from '../../src/logger.js';
import type { AlertInbound } from '../../src/ports/alert-channel.js';
import type { SurveyInbound } from '../../src/ports/survey-channels.js';
import { ALERT_ACKNOWLEDGE_ACTION_ID, parseAlertId, renderAlertMessage } from './alert-blocks.js';
import {
  parseScoreValue,
  parseVerbatimBlockId,
  renderClosedSurvey,
  renderSurveyBlocks,
  SCORE_ACTION_PATTERN,
  VERBATIM_ACTION_ID,
  type SlackBlock,
} from './survey-blocks.js';
import type { WebClient } from './web-client.js';
import type { BlockActionsPayload } from './parse-request.js';
import { toChannelSendError } from './to-channel-send-error.js';

/**
 * What a button press or the "What made it hard?" input does: the survey or alert service
 * records it, then the pressed message is redrawn. The webhook runs this right after its ack;
 * the inbox worker runs it again for a stored press whose first run failed.
 */
export interface BlockActionDeps {
  /** Our WebClient (createSlackWebClient): token, SLACK_API_URL, retries. */
  client: WebClient;
  inbound: SurveyInbound;
  /** Leads' alerts: without it the Acknowledge button is not ours to handle. */
  alerts?: AlertInbound;
}

export type BlockActionOutcome = 'done' | 'ignored';
type Location = { channel: string; ts: string };

/** Where the pressed message lives; `container` is the documented place, channel/message the fallback. */
function messageLocation(payload: BlockActionsPayload): Location | null {
  const channel = payload.container?.channel_id ?? payload.channel?.id;
  const ts = payload.container?.message_ts ?? payload.message?.ts;
  return channel && ts ? { channel, ts } : null;
}

/** chat.update; a failure is classified (permanent or not) so the worker knows whether to try again. */
async function redraw(
  client: WebClient,
  where: Location,
  message: { text: string; blocks: SlackBlock[] },
): Promise<void> {
  try {
    await client.chat.update({ channel: where.channel, ts: where.ts, text: message.text, blocks: message.blocks });
  } catch (error) {
    throw toChannelSendError(error, 'chat.update');
  }
}

export async function handleBlockActions(
  deps: BlockActionDeps,
  payload: BlockActionsPayload,
  log: Logger,
): Promise<BlockActionOutcome> {
  // Slack sends one action per block_actions payload: the element that was used.
  const [action] = payload.actions;
  if (!action) return 'ignored';
  const where = messageLocation(payload);
  const value = action.value ?? undefined;
  const slackUserId = payload.user.id;

  const scoreMatch = SCORE_ACTION_PATTERN.exec(action.action_id);
  if (scoreMatch) {
    const answer = parseScoreValue(value);
    if (!answer || !where || scoreMatch[1] !== String(answer.score)) {
      log.warn({ actionId: action.action_id, value }, 'slack score button with an unexpected value ignored');
      return 'ignored';
    }
    const view = await deps.inbound.handleSlackScore({ ...answer, slackUserId });
    await redraw(deps.client, where, view ? renderSurveyBlocks(view) : renderClosedSurvey());
    return 'done';
  }

  if (action.action_id === VERBATIM_ACTION_ID) {
    const surveyId = parseVerbatimBlockId(action.block_id);
    const text = value?.trim() ?? '';
    if (surveyId === null || !where || text === '') {
      log.warn({ blockId: action.block_id, empty: text === '' }, 'slack verbatim submit ignored');
      return 'ignored';
    }
    const view = await deps.inbound.handleSlackVerbatim({ surveyId, text, slackUserId });
    await redraw(deps.client, where, view ? renderSurveyBlocks(view) : renderClosedSurvey());
    return 'done';
  }

  if (action.action_id === ALERT_ACKNOWLEDGE_ACTION_ID && deps.alerts) {
    const alertId = parseAlertId(value);
    if (alertId === null || !where) {
      log.warn({ value }, 'slack acknowledge button with an unexpected value ignored');
      return 'ignored';
    }
    const message = await deps.alerts.acknowledge({ alertId, slackUserId });
    if (!message) {
      log.warn({ alertId }, 'slack acknowledge for an unknown alert; message left as it is');
      return 'ignored';
    }
    // Right away, so the lead sees the button replaced; the alert service may queue its own redraw too.
    await redraw(deps.client, where, renderAlertMessage(message));
    return 'done';
  }

  log.info({ actionId: action.action_id }, 'slack action is not one of ours; ignored');
  return 'ignored';
}
