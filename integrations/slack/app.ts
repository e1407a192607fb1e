import { App, ExpressReceiver, type BlockAction, type ButtonAction, type PlainTextInputAction, type RespondArguments } from '@slack/bolt';
import type { IRouter } from 'express';
import type { SlackSurveyView } from '../../src/domain/survey/survey.js';
import type { Logger } from '../../src/logger.js';
import type { AlertInbound } from '../../src/ports/alert-channel.js';
import type { SurveyInbound } from '../../src/ports/survey-channels.js';
import { ALERT_ACKNOWLEDGE_ACTION_ID, escapeMrkdwn, parseAlertId, renderAlertMessage, renderEffortSummary } from './alert-blocks.js';
import {
  parseScoreValue,
  parseVerbatimBlockId,
  renderClosedSurvey,
  renderSurveyBlocks,
  SCORE_ACTION_PATTERN,
  VERBATIM_ACTION_ID,
  type SlackBlock,
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
  /** Leads' alerts: the Acknowledge button and `/effort`. Without it neither is registered. */
  alerts?: AlertInbound;
  /** How long `/effort` waits for the figures before answering "try again" (default 2,500 ms). */
  effortCommandDeadlineMs?: number;
}

export const SLACK_EVENTS_PATH = '/slack/events';
/** Slack shows an error unless a slash command is answered within 3 s; leave room for the network. */
export const EFFORT_COMMAND_DEADLINE_MS = 2_500;
const EFFORT_FAILED = 'Sorry, the effort figures are not available right now. Please try again in a minute.';
const EFFORT_SLOW = 'The effort figures are taking longer than usual. Please try again in a minute.';

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

  if (deps.alerts) {
    const alerts = deps.alerts;
    const deadlineMs = deps.effortCommandDeadlineMs ?? EFFORT_COMMAND_DEADLINE_MS;

    app.action<BlockAction<ButtonAction>>({ action_id: ALERT_ACKNOWLEDGE_ACTION_ID }, async ({ ack, body, action }) => {
      await ack();
      const alertId = parseAlertId(action.value);
      const where = messageLocation(body);
      if (alertId === null || !where) {
        log.warn({ value: action.value }, 'slack acknowledge button with an unexpected value ignored');
        return;
      }
      const message = await alerts.acknowledge({ alertId, slackUserId: body.user.id });
      if (!message) {
        log.warn({ alertId }, 'slack acknowledge for an unknown alert; message left as it is');
        return;
      }
      // Right away, so the lead sees the button replaced; the alert service may queue its own redraw too.
      const { text, blocks } = renderAlertMessage(message);
      await deps.client.chat.update({ channel: where.channel, ts: where.ts, text, blocks });
    });

    // A slash command's answer is the HTTP response itself (ack with a body), due within 3 s.
    app.command('/effort', async ({ ack, command }) => {
      await ack(await effortAnswer(command.text.trim()));
    });

    async function effortAnswer(text: string): Promise<RespondArguments> {
      // Ephemeral: only the lead who typed the command sees the figures.
      const ephemeral = (answer: { text: string; blocks?: SlackBlock[] }): RespondArguments =>
        answer.blocks ? { response_type: 'ephemeral', text: answer.text, blocks: answer.blocks } : { response_type: 'ephemeral', text: answer.text };
      const pending = Promise.resolve().then(() => alerts.effortSummary(text)); // a sync throw becomes a rejection
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deadlineMs)));
      try {
        const result = await Promise.race([pending, late]);
        if (result === 'late') {
          pending.catch((error: unknown) => log.error({ err: error }, 'slack /effort failed after its deadline'));
          log.warn({ deadlineMs, text }, 'slack /effort figures missed the deadline; answered "try again"');
          return ephemeral({ text: EFFORT_SLOW });
        }
        if (!result.ok) return ephemeral({ text: escapeMrkdwn(result.message) });
        return ephemeral(renderEffortSummary(result.view));
      } catch (error) {
        log.error({ err: error, text }, 'slack /effort failed');
        return ephemeral({ text: EFFORT_FAILED });
      } finally {
        clearTimeout(timer);
      }
    }
  }

  // One place for listener failures (after the ack, so Slack already has its 200).
  app.error(async (error) => {
    log.error({ err: error, code: error.code }, 'slack listener failed');
  });

  return { app, router: receiver.router };
}
