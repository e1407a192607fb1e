import { App, ExpressReceiver, type BlockAction, type ButtonAction, type PlainTextInputAction } from '@slack/bolt';
import type { IRouter } from 'express';
import type { SlackSurveyView } from '../../src/domain/survey/survey.js';
import type { Logger } from '../../src/logger.js';
import type { SurveyInbound } from '../../src/ports/survey-channels.js';
import {
  parseScoreValue,
  parseVerbatimBlockId,
  renderClosedSurvey,
  renderSurveyBlocks,
  SCORE_ACTION_PATTERN,
  VERBATIM_ACTION_ID,
} from './blocks.js';
import type { WebClient } from './client.js';
import { toSlackLogger } from './slack-logger.js';

export interface SlackAppDeps {
  /** SLACK_SIGNING_SECRET: Bolt's receiver checks X-Slack-Signature with it (401 otherwise). */
  signingSecret: string;
  /** Our WebClient (createSlackWebClient): token, SLACK_API_URL, retries, 429 policy. */
  client: WebClient;
  inbound: SurveyInbound;
  logger: Logger;
}

export const SLACK_EVENTS_PATH = '/slack/events';

/** Where the pressed message lives; `container` is the documented place, channel/message the fallback. */
function messageLocation(body: BlockAction): { channel: string; ts: string } | null {
  const container = body.container as { channel_id?: string; message_ts?: string } | undefined;
  const channel = container?.channel_id ?? body.channel?.id;
  const ts = container?.message_ts ?? body.message?.ts;
  return channel && ts ? { channel, ts } : null;
}

/**
 * Bolt over an ExpressReceiver: POST /slack/events (Events API, interactivity, commands)
 * with Slack's request signing. Mount `router` on the service's express app; it parses
 * its own raw body, so no body parser may run before it.
 */
export function createSlackApp(deps: SlackAppDeps): { app: App; router: IRouter } {
  const log = deps.logger.child({ integration: 'slack' });
  const slackLogger = toSlackLogger(log);
  const receiver = new ExpressReceiver({
    signingSecret: deps.signingSecret,
    endpoints: SLACK_EVENTS_PATH,
    logger: slackLogger,
    // false: ack() answers Slack at once and the listener goes on (inbound + chat.update).
    // true would hold the 200 until the listener ends, which is for FaaS hosts only.
    processBeforeResponse: false,
  });
  const app = new App({
    receiver,
    logger: slackLogger,
    // authorize instead of `token`: with `token` Bolt calls auth.test at start, an upstream
    // call outside our contract (and a start that fails while Slack is down). The listener
    // work below uses deps.client, so Bolt only needs to know a bot token exists.
    authorize: async () => ({ botToken: deps.client.token }),
    // Bolt builds its own WebClients (app.client and a per-team one handed to listeners)
    // from clientOptions; give them SLACK_API_URL too, so nothing can reach slack.com behind
    // a proxy or test double.
    clientOptions: { slackApiUrl: deps.client.slackApiUrl, logger: slackLogger },
  });

  // The Events API retries a delivery (x-slack-retry-num) when the first answer was late
  // or not 2xx; Bolt has already acked events before middleware runs, so a retry of an
  // event we received is dropped here. Interactivity payloads carry no such header: Slack
  // does not redeliver a button press; without an ack in 3 s the user sees an error and may
  // press again, which SurveyInbound treats as a repeat answer.
  app.use(async (args) => {
    if (args.context.retryNum !== undefined && 'event' in args) {
      log.info({ retryNum: args.context.retryNum, retryReason: args.context.retryReason }, 'slack retry of an event skipped');
      return;
    }
    await args.next();
  });

  async function redraw(where: { channel: string; ts: string }, view: SlackSurveyView | null): Promise<void> {
    const { text, blocks } = view ? renderSurveyBlocks(view) : renderClosedSurvey();
    await deps.client.chat.update({ channel: where.channel, ts: where.ts, text, blocks });
  }

  app.action<BlockAction<ButtonAction>>(SCORE_ACTION_PATTERN, async ({ ack, body, action }) => {
    await ack(); // first: Slack wants the 200 within 3 seconds, the work below may take longer
    const answer = parseScoreValue(action.value);
    const where = messageLocation(body);
    if (!answer || !where || SCORE_ACTION_PATTERN.exec(action.action_id)?.[1] !== String(answer.score)) {
      log.warn({ actionId: action.action_id, value: action.value }, 'slack score button with an unexpected value ignored');
      return;
    }
    const view = await deps.inbound.handleSlackScore({ ...answer, slackUserId: body.user.id });
    await redraw(where, view);
  });

  app.action<BlockAction<PlainTextInputAction>>({ action_id: VERBATIM_ACTION_ID }, async ({ ack, body, action }) => {
    await ack();
    const surveyId = parseVerbatimBlockId(action.block_id);
    const where = messageLocation(body);
    const text = action.value?.trim() ?? '';
    if (surveyId === null || !where || text === '') {
      log.warn({ blockId: action.block_id, empty: text === '' }, 'slack verbatim submit ignored');
      return;
    }
    const view = await deps.inbound.handleSlackVerbatim({ surveyId, text, slackUserId: body.user.id });
    await redraw(where, view);
  });

  // One place for listener failures (after the ack, so Slack already has its 200).
  app.error(async (error) => {
    log.error({ err: error, code: error.code }, 'slack listener failed');
  });

  return { app, router: receiver.router };
}
