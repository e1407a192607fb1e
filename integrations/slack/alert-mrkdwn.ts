import type { MetricChange } from '../../src/domain/alerts/alert-view.js';
import { BLOCK_KIT_LIMITS, blockKitViolations, type SlackBlock } from './survey-blocks.js';

/**
 * mrkdwn pieces for the alert messages (alert-blocks.ts puts them together). Alert texts carry
 * labels, names and customers' own words, so everything user-provided goes through
 * escapeMrkdwn: Slack reads `<...>` as links and mentions (`<!channel>`) and `&` as an entity.
 */
export interface RenderedAlert {
  /** Notification and screen-reader fallback (mrkdwn, escaped like the blocks). */
  text: string;
  blocks: SlackBlock[];
}

/** Documented limits the survey checker does not cover (header block, context element, message text). */
export const ALERT_TEXT_LIMITS = { header: 150, contextElement: 3000, fallbackText: 3000 } as const;

/** The three characters Slack's "Formatting text for app surfaces" says to escape. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Cuts escaped mrkdwn to `max` characters without splitting an `&amp;` or leaving a dangling link. */
export function clipMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  cut = cut.replace(/&[a-z]*$/, ''); // half an entity
  const open = cut.lastIndexOf('<');
  if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open); // half a <url|label>
  return `${cut}…`;
}

export function clipPlain(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `<url|label>`; the URL keeps Slack's `&amp;` form, and `<`, `>`, `|` (which would end it) are percent-encoded. */
export function mrkdwnLink(url: string, label: string): string {
  const safeUrl = url.replaceAll('&', '&amp;').replaceAll('<', '%3C').replaceAll('>', '%3E').replaceAll('|', '%7C');
  return `<${safeUrl}|${escapeMrkdwn(label)}>`;
}

/** A user mention for a Slack user id; anything else is shown as text, never as markup. */
export function mention(userId: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

export const header = (text: string): SlackBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: clipPlain(text, ALERT_TEXT_LIMITS.header), emoji: true },
});

export const mrkdwnSection = (text: string): SlackBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: clipMrkdwn(text, BLOCK_KIT_LIMITS.sectionText) },
});

export const mrkdwnContext = (...parts: string[]): SlackBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: clipMrkdwn(parts.join('  ·  '), ALERT_TEXT_LIMITS.contextElement) }],
});

/**
 * A titled list as few sections as it takes: lines are packed into sections of at most the
 * section limit, so a long list never becomes an invalid_blocks error.
 */
export function listSections(title: string, lines: string[]): SlackBlock[] {
  const max = BLOCK_KIT_LIMITS.sectionText;
  const sections: string[] = [];
  let current = title;
  for (const raw of lines) {
    const line = clipMrkdwn(raw, max - 1);
    if (current.length + 1 + line.length > max) {
      sections.push(current);
      current = line;
    } else {
      current = current === '' ? line : `${current}\n${line}`;
    }
  }
  if (current !== '') sections.push(current);
  return sections.map(mrkdwnSection);
}

const count = (n: number) => n.toLocaleString('en-US');

/** `p < 0.001`, `p = 0.012`, `p = 0.20`; empty when the test gave no p-value. */
export function formatPValue(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return '';
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** `*Team handoffs per case*: 0.85 now (n=212) vs 0.21 (n=4,980) · p < 0.001` */
export function changeLine(change: MetricChange): string {
  const figures = `${escapeMrkdwn(change.recent)} now (n=${count(change.recentN)}) vs ${escapeMrkdwn(change.baseline)} (n=${count(change.baselineN)})`;
  const p = formatPValue(change.pValue);
  return `*${escapeMrkdwn(change.label)}*: ${figures}${p ? ` · ${p}` : ''}`;
}

/** `Team handoffs per case 0.85 vs 0.21`, for fallback texts. */
export function shortChange(change: MetricChange): string {
  return `${escapeMrkdwn(change.label)} ${escapeMrkdwn(change.recent)} vs ${escapeMrkdwn(change.baseline)}`;
}

/** Mrkdwn list of lines, bullet first. */
export const bullets = (lines: string[]): string[] => lines.map((line) => `• ${line}`);

/**
 * Every documented limit a rendered alert breaks: the survey checker (blocks, sections,
 * buttons) plus header and context texts and a non-empty fallback. Empty when Slack would accept it.
 */
export function alertBlockViolations(rendered: RenderedAlert): string[] {
  const problems = blockKitViolations(rendered.blocks);
  if (rendered.text.trim() === '') problems.push('text (fallback) is empty');
  if (rendered.text.length > ALERT_TEXT_LIMITS.fallbackText) {
    problems.push(`text is ${rendered.text.length} characters (max ${ALERT_TEXT_LIMITS.fallbackText})`);
  }
  rendered.blocks.forEach((block, i) => {
    const text = (block.text as { text?: unknown } | undefined)?.text;
    if (block.type === 'header' && typeof text === 'string' && text.length > ALERT_TEXT_LIMITS.header) {
      problems.push(`blocks[${i}].text is ${text.length} characters (max ${ALERT_TEXT_LIMITS.header})`);
    }
    if (block.type !== 'context' || !Array.isArray(block.elements)) return;
    (block.elements as Array<{ text?: unknown }>).forEach((element, j) => {
      if (typeof element.text === 'string' && element.text.length > ALERT_TEXT_LIMITS.contextElement) {
        problems.push(
          `blocks[${i}].elements[${j}].text is ${element.text.length} characters (max ${ALERT_TEXT_LIMITS.contextElement})`,
        );
      }
    });
  });
  return problems;
}
