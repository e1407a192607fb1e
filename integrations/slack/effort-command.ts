import type { Logger } from '../../src/logger.js';
import type { AlertInbound } from '../../src/ports/alert-channel.js';
import { escapeMrkdwn, renderEffortSummary } from './alert-blocks.js';
import type { SlackBlock } from './survey-blocks.js';

/** Slack shows an error unless a slash command is answered within 3 s; leave room for the network. */
export const EFFORT_COMMAND_DEADLINE_MS = 2_500;
const EFFORT_FAILED = 'Sorry, the effort figures are not available right now. Please try again in a minute.';
const EFFORT_SLOW = 'The effort figures are taking longer than usual. Please try again in a minute.';

/** The HTTP answer to a slash command, shown by Slack as a message. */
export interface CommandAnswer {
  response_type: 'ephemeral';
  text: string;
  blocks?: SlackBlock[];
}

// Ephemeral: only the lead who typed the command sees the figures.
const ephemeral = (answer: { text: string; blocks?: SlackBlock[] }): CommandAnswer =>
  answer.blocks
    ? { response_type: 'ephemeral', text: answer.text, blocks: answer.blocks }
    : { response_type: 'ephemeral', text: answer.text };

/**
 * `/effort [team]`: the figures, or a polite "try again" when they fail or would miss Slack's
 * deadline. Never throws: a slash command's answer is the HTTP response itself.
 */
export async function answerEffortCommand(
  alerts: AlertInbound,
  text: string,
  options: { deadlineMs: number; log: Logger },
): Promise<CommandAnswer> {
  const { deadlineMs, log } = options;
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
