import type { AlertStatus } from '../../src/domain/alerts/alert.js';
import type {
  AlertThreadUpdateView,
  EffortSummaryView,
  LowScoreAlertView,
  MetricAlertView,
} from '../../src/domain/alerts/alert-view.js';
import type { AlertMessageView } from '../../src/ports/alert-channel.js';
import {
  bullets,
  changeLine,
  clipMrkdwn,
  escapeMrkdwn,
  header,
  listSections,
  mention,
  mrkdwnContext,
  mrkdwnLink,
  mrkdwnSection,
  shortChange,
  ALERT_TEXT_LIMITS,
  type RenderedAlert,
} from './alert-mrkdwn.js';
import type { SlackBlock } from './survey-blocks.js';

export { alertBlockViolations, escapeMrkdwn, type RenderedAlert } from './alert-mrkdwn.js';

/**
 * Block Kit for leads' alerts: the root message in SLACK_ALERT_CHANNEL (metric or low score),
 * its thread updates, and the `/effort` answer. Only this file and alert-block-kit.ts know
 * the shapes; the app reads back what it wrote with parseAlertId.
 */
export const ALERT_ACKNOWLEDGE_ACTION_ID = 'alert_acknowledge';
const ACTIONS_BLOCK_PREFIX = 'effortless_alert:';
/** Tickets listed under a metric alert; the rest are on the dashboard. */
export const MAX_ALERT_TICKETS = 5;
/** Characters of a customer's comment shown in the channel; the ticket has the whole text. */
export const MAX_VERBATIM_CHARS = 1000;

/** The alert id from an Acknowledge button's value; null for anything we did not write. */
export function parseAlertId(value: string | undefined): number | null {
  if (!/^[1-9]\d{0,15}$/.test(value ?? '')) return null;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : null;
}

const fallback = (text: string) => clipMrkdwn(text, ALERT_TEXT_LIMITS.fallbackText);
const present = (...parts: Array<string | null>): string[] => parts.filter((part): part is string => part !== null);
const dashboardLink = (url: string | null): string | null => (url ? mrkdwnLink(url, 'Open dashboard') : null);

/** The button while open, who took it once acknowledged, "Back to normal" once resolved. */
function statusBlocks(alertId: number, status: AlertStatus, acknowledgedBy: string | null): SlackBlock[] {
  const acknowledged = acknowledgedBy ? `:eyes: Acknowledged by ${mention(acknowledgedBy)}` : null;
  if (status === 'resolved') return [mrkdwnContext(...present(':white_check_mark: *Back to normal*', acknowledged))];
  if (status === 'acknowledged' || acknowledged) return [mrkdwnContext(acknowledged ?? ':eyes: Acknowledged')];
  return [
    {
      type: 'actions',
      block_id: `${ACTIONS_BLOCK_PREFIX}${alertId}`,
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Acknowledge', emoji: true },
          action_id: ALERT_ACKNOWLEDGE_ACTION_ID,
          value: String(alertId),
          style: 'primary',
        },
      ],
    },
  ];
}

/** `<url|#501>`, or plain `#501` when Zendesk is not configured. */
function ticketLink(ticketId: number, url: string | null): string {
  return url ? mrkdwnLink(url, `#${ticketId}`) : `#${ticketId}`;
}

export function renderMetricAlert(view: MetricAlertView): RenderedAlert {
  const segment = escapeMrkdwn(view.segmentLabel);
  const blocks: SlackBlock[] = [header(`:chart_with_upwards_trend: Effort is rising: ${view.segmentLabel}`)];
  if (view.rises.length > 0) blocks.push(...listSections('*What rose*', bullets(view.rises.map(changeLine))));
  if (view.drivers.length > 0) {
    const drivers = view.drivers.map(
      (d) =>
        `*${escapeMrkdwn(d.label)}*: ${escapeMrkdwn(d.recent)} vs ${escapeMrkdwn(d.baseline)} — ${Math.round(d.share * 100)}% of the rise`,
    );
    blocks.push(...listSections('*What drives it*', bullets(drivers)));
  }
  if (view.tickets.length > 0) {
    const shown = view.tickets
      .slice(0, MAX_ALERT_TICKETS)
      .map((t) => `${ticketLink(t.ticketId, t.url)} ${escapeMrkdwn(t.note)}`);
    const more = view.tickets.length - MAX_ALERT_TICKETS;
    if (more > 0) shown.push(`_and ${more} more${view.dashboardUrl ? ' on the dashboard' : ''}_`);
    blocks.push(...listSections('*Tickets to look at*', bullets(shown)));
  }
  blocks.push(mrkdwnContext(...present(escapeMrkdwn(view.windowText), dashboardLink(view.dashboardUrl))));
  blocks.push(...statusBlocks(view.alertId, view.status, view.acknowledgedBy));
  const rose = view.rises.map(shortChange).join('; ');
  const state = view.status === 'resolved' ? ' (back to normal)' : '';
  return { text: fallback(`Effort is rising: ${segment}${state}${rose ? ` — ${rose}` : ''}`), blocks };
}

export function renderLowScoreAlert(view: LowScoreAlertView): RenderedAlert {
  const title = `Low ${view.surveyKind} (${view.score}/${view.scaleMax}) on #${view.ticketId} — call back?`;
  const who = [`*Team:* ${escapeMrkdwn(view.teamLabel)}`];
  if (view.customerName) who.push(`*Customer:* ${escapeMrkdwn(view.customerName)}`);
  who.push(`*Ticket:* ${ticketLink(view.ticketId, view.ticketUrl)}`);
  const blocks: SlackBlock[] = [header(`:telephone_receiver: ${title}`), mrkdwnSection(who.join('   '))];
  if (view.drivers.length > 0)
    blocks.push(...listSections('*What made it hard*', bullets(view.drivers.map(escapeMrkdwn))));
  blocks.push(mrkdwnSection(view.verbatim === null ? '_No comment yet_' : quote(view.verbatim)));
  blocks.push(...statusBlocks(view.alertId, view.status, view.acknowledgedBy));
  const customer = view.customerName ? ` from ${escapeMrkdwn(view.customerName)}` : '';
  return { text: fallback(`${escapeMrkdwn(title)} ${escapeMrkdwn(view.teamLabel)}${customer}`), blocks };
}

/** The customer's words as a mrkdwn quote, cut to MAX_VERBATIM_CHARS; every line gets its own `>`. */
function quote(verbatim: string): string {
  const trimmed = verbatim.trim();
  const clipped = trimmed.length > MAX_VERBATIM_CHARS ? `${trimmed.slice(0, MAX_VERBATIM_CHARS - 1)}…` : trimmed;
  return escapeMrkdwn(clipped)
    .split(/\r?\n/)
    .map((line) => `>${line}`)
    .join('\n');
}

export function renderAlertMessage(message: AlertMessageView): RenderedAlert {
  return message.type === 'metric' ? renderMetricAlert(message.view) : renderLowScoreAlert(message.view);
}

export function renderAlertThreadUpdate(view: AlertThreadUpdateView): RenderedAlert {
  const segment = escapeMrkdwn(view.segmentLabel);
  const changes = view.changes.map(shortChange).join('; ');
  if (view.kind === 'worse') {
    const blocks = [
      ...listSections(
        `:small_red_triangle: *Still rising: ${segment}* — also up now:`,
        bullets(view.changes.map(changeLine)),
      ),
      mrkdwnContext(escapeMrkdwn(view.windowText)),
    ];
    return { text: fallback(`Still rising: ${segment} — also up now: ${changes}`), blocks };
  }
  const blocks = [
    ...listSections(`:white_check_mark: *Back to normal: ${segment}*`, bullets(view.changes.map(changeLine))),
    mrkdwnContext(escapeMrkdwn(view.windowText)),
  ];
  return { text: fallback(`Back to normal: ${segment}${changes ? ` — ${changes}` : ''}`), blocks };
}

export function renderEffortSummary(view: EffortSummaryView): RenderedAlert {
  const segment = escapeMrkdwn(view.segmentLabel);
  const worse = view.rows.filter((row) => row.worse).length;
  const rows = view.rows.map((row) => {
    const line = changeLine(row);
    return row.worse ? `:warning: ${line} — *worse than usual*` : `:white_small_square: ${line}`;
  });
  const title = `*Effort: ${segment}*  ·  ${escapeMrkdwn(view.windowText)}`;
  const blocks = listSections(title, rows.length > 0 ? rows : ['_No figures for this period yet._']);
  const alerts = `${view.openAlerts} open alert${view.openAlerts === 1 ? '' : 's'}`;
  blocks.push(mrkdwnContext(...present(alerts, dashboardLink(view.dashboardUrl))));
  const summary = `${worse} of ${view.rows.length} figures worse than usual, ${alerts}`;
  return { text: fallback(`Effort for ${segment}: ${summary}.`), blocks };
}
