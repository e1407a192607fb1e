import type { SlackSurveyView } from '../../src/domain/survey/survey.js';

/**
 * Block Kit for the survey DM. Only this file knows block shapes and ids; the app parses
 * what it wrote here with the parse* helpers below.
 */
export type SlackBlock = { type: string } & Record<string, unknown>;

export interface RenderedSurvey {
  /** Notification and screen-reader fallback; chat.postMessage warns without it. */
  text: string;
  blocks: SlackBlock[];
}

/** One action_id per score: action_ids must be unique within their block. */
export const SCORE_ACTION_PATTERN = /^effortless_survey_score_(\d+)$/;
export const VERBATIM_ACTION_ID = 'effortless_survey_verbatim';
const SCORES_BLOCK_PREFIX = 'effortless_scores:';
const VERBATIM_BLOCK_PREFIX = 'effortless_verbatim:';

/** Documented limits (Block Kit reference: blocks, button element, section, input). */
export const BLOCK_KIT_LIMITS = {
  blocksPerMessage: 50,
  actionsElements: 25,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  blockId: 255,
  actionId: 255,
  sectionText: 3000,
  inputLabel: 2000,
} as const;

export function scoreActionId(score: number): string {
  return `effortless_survey_score_${score}`;
}

/** `"<surveyId>:<score>"`: short, far below the 2,000-character value limit. */
export function encodeScoreValue(surveyId: number, score: number): string {
  return `${surveyId}:${score}`;
}

export function parseScoreValue(value: string | undefined): { surveyId: number; score: number } | null {
  const match = /^(\d+):(\d+)$/.exec(value ?? '');
  return match ? { surveyId: Number(match[1]), score: Number(match[2]) } : null;
}

export function verbatimBlockId(surveyId: number): string {
  return `${VERBATIM_BLOCK_PREFIX}${surveyId}`;
}

export function parseVerbatimBlockId(blockId: string | undefined): number | null {
  const match = /^effortless_verbatim:(\d+)$/.exec(blockId ?? '');
  return match ? Number(match[1]) : null;
}

const plain = (text: string, max: number = BLOCK_KIT_LIMITS.sectionText) => ({
  type: 'plain_text',
  text: clip(text, max),
  emoji: true,
});
const section = (text: string): SlackBlock => ({ type: 'section', text: plain(text) });
const context = (text: string): SlackBlock => ({ type: 'context', elements: [plain(text)] });

/** Texts come from operators' config; clipping keeps a long one from turning into invalid_blocks. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function renderSurveyBlocks(view: SlackSurveyView): RenderedSurvey {
  // plain_text everywhere: config texts need no mrkdwn escaping (&, <, >) and cannot ping anyone.
  if (view.chosenScore === null) return renderQuestion(view);

  const blocks: SlackBlock[] = [section(view.question), section(`You chose ${view.chosenScore}`)];
  if (view.thanks) blocks.push(context(view.thanks));
  if (view.verbatimThanks) {
    blocks.push(section(view.verbatimThanks));
  } else if (view.followUpQuestion) {
    blocks.push({
      type: 'input',
      // The survey id rides in the block_id: a plain_text_input has no value of its own to carry it.
      block_id: verbatimBlockId(view.surveyId),
      // dispatch_action makes the input send a block_actions payload from a message (no modal, no submit button).
      dispatch_action: true,
      label: plain(view.followUpQuestion, BLOCK_KIT_LIMITS.inputLabel),
      element: {
        type: 'plain_text_input',
        action_id: VERBATIM_ACTION_ID,
        dispatch_action_config: { trigger_actions_on: ['on_enter_pressed'] },
      },
    });
  }
  const closing = view.verbatimThanks ?? view.thanks;
  return { text: [`You chose ${view.chosenScore}.`, closing].filter(Boolean).join(' '), blocks };
}

function renderQuestion(view: SlackSurveyView): RenderedSurvey {
  const { min, max } = view.scale;
  const buttons: SlackBlock[] = [];
  for (let score = min; score <= max; score += 1) {
    buttons.push({
      type: 'button',
      text: plain(String(score), BLOCK_KIT_LIMITS.buttonText),
      action_id: scoreActionId(score),
      value: encodeScoreValue(view.surveyId, score),
    });
  }
  // NPS has 11 buttons: one actions block holds up to 25, so no split is needed.
  const blocks: SlackBlock[] = [
    section(view.question),
    { type: 'actions', block_id: `${SCORES_BLOCK_PREFIX}${view.surveyId}`, elements: buttons },
    context(`${min} = ${view.minLabel}   ·   ${max} = ${view.maxLabel}`),
  ];
  return { text: `${view.question} (${min}–${max})`, blocks };
}

/** What replaces the buttons when the survey behind them is gone (expired, answered elsewhere). */
export function renderClosedSurvey(): RenderedSurvey {
  const text = 'This survey is no longer open. Thank you anyway!';
  return { text, blocks: [section(text)] };
}

/** Every documented limit a rendering breaks; empty when Slack would accept the blocks. */
export function blockKitViolations(blocks: SlackBlock[]): string[] {
  const problems: string[] = [];
  const tooLong = (what: string, value: unknown, max: number) => {
    if (typeof value === 'string' && value.length > max)
      problems.push(`${what} is ${value.length} characters (max ${max})`);
  };
  if (blocks.length > BLOCK_KIT_LIMITS.blocksPerMessage)
    problems.push(`${blocks.length} blocks (max ${BLOCK_KIT_LIMITS.blocksPerMessage})`);
  blocks.forEach((block, i) => {
    tooLong(`blocks[${i}].block_id`, block.block_id, BLOCK_KIT_LIMITS.blockId);
    tooLong(`blocks[${i}].text`, (block.text as { text?: unknown } | undefined)?.text, BLOCK_KIT_LIMITS.sectionText);
    tooLong(`blocks[${i}].label`, (block.label as { text?: unknown } | undefined)?.text, BLOCK_KIT_LIMITS.inputLabel);
    const elements = Array.isArray(block.elements) ? (block.elements as SlackBlock[]) : [];
    if (block.type === 'actions' && elements.length > BLOCK_KIT_LIMITS.actionsElements) {
      problems.push(`blocks[${i}] has ${elements.length} elements (max ${BLOCK_KIT_LIMITS.actionsElements})`);
    }
    if (block.type === 'context' && elements.length > BLOCK_KIT_LIMITS.contextElements) {
      problems.push(`blocks[${i}] has ${elements.length} elements (max ${BLOCK_KIT_LIMITS.contextElements})`);
    }
    elements.forEach((element, j) => {
      if (element.type !== 'button') return;
      tooLong(
        `blocks[${i}].elements[${j}].text`,
        (element.text as { text?: unknown }).text,
        BLOCK_KIT_LIMITS.buttonText,
      );
      tooLong(`blocks[${i}].elements[${j}].value`, element.value, BLOCK_KIT_LIMITS.buttonValue);
      tooLong(`blocks[${i}].elements[${j}].action_id`, element.action_id, BLOCK_KIT_LIMITS.actionId);
    });
  });
  return problems;
}
