import { describe, expect, it } from 'vitest';
import {
  BLOCK_KIT_LIMITS,
  blockKitViolations,
  encodeScoreValue,
  parseScoreValue,
  parseVerbatimBlockId,
  renderClosedSurvey,
  renderSurveyBlocks,
  SCORE_ACTION_PATTERN,
  VERBATIM_ACTION_ID,
  type SlackBlock,
} from '../../../integrations/slack/survey-blocks.js';
import type { SurveyKind } from '../../../src/domain/survey/survey.js';
import { answeredLow, surveyView } from './survey-views.js';

type Json = Record<string, unknown>;
const buttonsOf = (blocks: SlackBlock[]) =>
  blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements as Json[]);
const texts = (blocks: SlackBlock[]) => JSON.stringify(blocks);

describe('renderSurveyBlocks: the question', () => {
  it.each<[SurveyKind, number[]]>([
    ['CES', [1, 2, 3, 4, 5, 6, 7]],
    ['CSAT', [1, 2, 3, 4, 5]],
    ['NPS', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
  ])('%s shows one button per score, in order, each carrying survey id and score', (kind, scores) => {
    const { blocks } = renderSurveyBlocks(surveyView(kind));
    const buttons = buttonsOf(blocks);
    expect(buttons.map((b) => (b.text as Json).text)).toEqual(scores.map(String));
    expect(buttons.map((b) => b.action_id)).toEqual(scores.map((s) => `effortless_survey_score_${s}`));
    expect(buttons.map((b) => parseScoreValue(b.value as string))).toEqual(
      scores.map((score) => ({ surveyId: 42, score })),
    );
    // action_ids must be unique within a block
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(buttons.length);
    expect(blocks.filter((b) => b.type === 'actions')).toHaveLength(1);
    expect(blockKitViolations(blocks)).toEqual([]);
  });

  it('shows the question, both end labels and a fallback text for notifications', () => {
    const view = surveyView('NPS');
    const { text, blocks } = renderSurveyBlocks(view);
    expect(blocks[0]).toEqual({ type: 'section', text: { type: 'plain_text', text: view.question, emoji: true } });
    expect(texts(blocks)).toContain('0 = Not at all likely');
    expect(texts(blocks)).toContain('10 = Extremely likely');
    expect(text).toBe(`${view.question} (0–10)`);
  });

  it('keeps operator texts as plain_text, so <!channel> or & are shown, never interpreted', () => {
    const { blocks } = renderSurveyBlocks(surveyView('CES', { question: 'Easy? <!channel> & more' }));
    expect(blocks[0]?.text).toEqual({ type: 'plain_text', text: 'Easy? <!channel> & more', emoji: true });
  });
});

describe('renderSurveyBlocks: after an answer', () => {
  it('shows the question, "You chose N" and the thanks, without buttons', () => {
    const { text, blocks } = renderSurveyBlocks(surveyView('CSAT', { chosenScore: 4, thanks: 'Thank you!' }));
    expect(buttonsOf(blocks)).toEqual([]);
    expect(blocks.map((b) => b.type)).toEqual(['section', 'section', 'context']);
    expect(texts(blocks)).toContain('You chose 4');
    expect(texts(blocks)).toContain('Thank you!');
    expect(text).toBe('You chose 4. Thank you!');
  });

  it('offers the follow-up as a dispatch_action text input whose block_id carries the survey id', () => {
    const { blocks } = renderSurveyBlocks(answeredLow());
    const input = blocks.find((b) => b.type === 'input');
    expect(input).toEqual({
      type: 'input',
      block_id: 'effortless_verbatim:42',
      dispatch_action: true,
      label: { type: 'plain_text', text: 'What made it hard?', emoji: true },
      element: {
        type: 'plain_text_input',
        action_id: VERBATIM_ACTION_ID,
        dispatch_action_config: { trigger_actions_on: ['on_enter_pressed'] },
      },
    });
    expect(parseVerbatimBlockId(input?.block_id as string)).toBe(42);
  });

  it('ends with the final thanks once the follow-up is answered, the input gone', () => {
    const { text, blocks } = renderSurveyBlocks({ ...answeredLow(), verbatimThanks: 'Thanks, we read every answer.' });
    expect(blocks.some((b) => b.type === 'input')).toBe(false);
    expect(blocks.at(-1)).toEqual({
      type: 'section',
      text: { type: 'plain_text', text: 'Thanks, we read every answer.', emoji: true },
    });
    expect(text).toBe('You chose 2. Thanks, we read every answer.');
  });

  it('uses fresh block_ids per state: the scores block and the input block never appear together', () => {
    const ids = (blocks: SlackBlock[]) => blocks.map((b) => b.block_id).filter(Boolean);
    expect(ids(renderSurveyBlocks(surveyView('CES')).blocks)).toEqual(['effortless_scores:42']);
    expect(ids(renderSurveyBlocks(answeredLow()).blocks)).toEqual(['effortless_verbatim:42']);
  });

  it('renders a closed survey as a single line', () => {
    expect(renderClosedSurvey().blocks).toHaveLength(1);
    expect(renderClosedSurvey().text).toMatch(/no longer open/);
  });
});

describe('Block Kit limits', () => {
  it('clips operator texts to the documented maximums', () => {
    const long = 'x'.repeat(5000);
    const { blocks } = renderSurveyBlocks({ ...answeredLow(), question: long, followUpQuestion: long });
    expect(blockKitViolations(blocks)).toEqual([]);
    expect(((blocks[0]?.text as Json).text as string).length).toBe(BLOCK_KIT_LIMITS.sectionText);
    expect(((blocks.find((b) => b.type === 'input')?.label as Json).text as string).length).toBe(
      BLOCK_KIT_LIMITS.inputLabel,
    );
  });

  it('reports a block that breaks a limit', () => {
    const tooMany = renderSurveyBlocks(surveyView('NPS', { scale: { min: 0, max: 30 } })).blocks;
    expect(blockKitViolations(tooMany)).toEqual(['blocks[1] has 31 elements (max 25)']);
    const longValue: SlackBlock[] = [
      {
        type: 'actions',
        block_id: 'b'.repeat(256),
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'y'.repeat(76) },
            value: 'v'.repeat(2001),
            action_id: 'a',
          },
        ],
      },
    ];
    expect(blockKitViolations(longValue)).toEqual([
      'blocks[0].block_id is 256 characters (max 255)',
      'blocks[0].elements[0].text is 76 characters (max 75)',
      'blocks[0].elements[0].value is 2001 characters (max 2000)',
    ]);
  });

  it('keeps ids and values far below their limits even for large survey ids', () => {
    const big = Number.MAX_SAFE_INTEGER;
    expect(encodeScoreValue(big, 10).length).toBeLessThan(BLOCK_KIT_LIMITS.buttonValue);
    expect(blockKitViolations(renderSurveyBlocks(surveyView('NPS', { surveyId: big })).blocks)).toEqual([]);
  });

  it('parses only what it wrote', () => {
    expect(parseScoreValue('42:7')).toEqual({ surveyId: 42, score: 7 });
    for (const bad of [undefined, '', '42', '42:x', '-1:3', '42:7:1']) expect(parseScoreValue(bad)).toBeNull();
    expect(parseVerbatimBlockId('effortless_scores:42')).toBeNull();
    expect(SCORE_ACTION_PATTERN.exec('effortless_survey_score_10')?.[1]).toBe('10');
  });
});
