import { describe, expect, it } from 'vitest';
import {
  ALERT_ACKNOWLEDGE_ACTION_ID,
  alertBlockViolations,
  escapeMrkdwn,
  MAX_VERBATIM_CHARS,
  parseAlertId,
  renderAlertMessage,
  renderAlertThreadUpdate,
  renderEffortSummary,
  renderLowScoreAlert,
  renderMetricAlert,
  type RenderedAlert,
} from '../../../integrations/slack/alert-blocks.js';
import { BLOCK_KIT_LIMITS, blockKitViolations, type SlackBlock } from '../../../integrations/slack/survey-blocks.js';
import type {
  AlertThreadUpdateView,
  EffortSummaryView,
  LowScoreAlertView,
  MetricAlertView,
} from '../../../src/domain/alerts/alert-view.js';
import { loadFixture } from './load-fixture.js';

type Json = Record<string, unknown>;

/** What the alert service hands the poster, as plain data (alert 7 on Billing, alert 8 on ticket #501). */
const views = () =>
  loadFixture<{
    metric: MetricAlertView;
    lowScore: LowScoreAlertView;
    worse: AlertThreadUpdateView;
    resolved: AlertThreadUpdateView;
    summary: EffortSummaryView;
  }>('alerts/alert-views.json');

const all = (blocks: SlackBlock[]) => JSON.stringify(blocks);
const buttons = (blocks: SlackBlock[]) =>
  blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements as Json[]);
const mrkdwnOf = (blocks: SlackBlock[]) =>
  blocks
    .flatMap((b) => [
      (b.text as Json | undefined)?.text,
      ...((b.elements as Json[] | undefined) ?? []).map((e) => e.text),
    ])
    .filter((t): t is string => typeof t === 'string');
const valid = (rendered: RenderedAlert) => {
  expect(alertBlockViolations(rendered)).toEqual([]);
  expect(blockKitViolations(rendered.blocks)).toEqual([]);
  return rendered;
};

describe('renderMetricAlert', () => {
  it('heads with the segment and lists each rise with now vs baseline, sample sizes and p-value', () => {
    const { blocks, text } = valid(renderMetricAlert(views().metric));
    expect(blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: ':chart_with_upwards_trend: Effort is rising: Billing', emoji: true },
    });
    const body = mrkdwnOf(blocks).join('\n');
    expect(body).toContain('*Team handoffs per case*: 0.85 now (n=212) vs 0.21 (n=4,980) · p < 0.001');
    expect(body).toContain('*Effort index*: 58 now (n=212) vs 41 (n=4,980) · p = 0.004');
    expect(text).toBe('Effort is rising: Billing — Team handoffs per case 0.85 vs 0.21; Effort index 58 vs 41');
  });

  it('explains what drives it, as a share of the rise', () => {
    const body = mrkdwnOf(renderMetricAlert(views().metric).blocks).join('\n');
    expect(body).toContain('*What drives it*');
    expect(body).toContain('*Team handoffs per case*: 0.85 vs 0.21 — 62% of the rise');
    expect(body).toContain('*Channel switches per case*: 0.61 vs 0.40 — 23% of the rise');
  });

  it('links tickets to Zendesk (plain #id without a url), with their note', () => {
    const body = mrkdwnOf(renderMetricAlert(views().metric).blocks).join('\n');
    expect(body).toContain(
      '• <https://ghostbusters.zendesk.com/agent/tickets/501|#501> effort 78 · 2 team handoffs · CES 2',
    );
    expect(body).toContain('• #517 effort 66 · 1 channel switch');
  });

  it('shows the window and the dashboard link (its & escaped as Slack writes it)', () => {
    const { blocks } = renderMetricAlert(views().metric);
    const context = blocks.filter((b) => b.type === 'context').map((b) => (b.elements as Json[])[0]?.text);
    expect(context).toContain(
      'last 24 h vs the 28 days before  ·  <https://effortless.example.com/?segment=group:360001234&amp;window=24h|Open dashboard>',
    );
    const noDashboard = renderMetricAlert({ ...views().metric, dashboardUrl: null });
    expect(all(noDashboard.blocks)).not.toContain('Open dashboard');
  });

  it('offers one primary Acknowledge button carrying the alert id while open', () => {
    const { blocks } = renderMetricAlert(views().metric);
    expect(buttons(blocks)).toEqual([
      {
        type: 'button',
        text: { type: 'plain_text', text: 'Acknowledge', emoji: true },
        action_id: ALERT_ACKNOWLEDGE_ACTION_ID,
        value: '7',
        style: 'primary',
      },
    ]);
    expect(ALERT_ACKNOWLEDGE_ACTION_ID).toBe('alert_acknowledge');
    expect(parseAlertId(buttons(blocks)[0]?.value as string)).toBe(7);
  });

  it('replaces the button with who acknowledged it', () => {
    const { blocks } = valid(
      renderMetricAlert({ ...views().metric, status: 'acknowledged', acknowledgedBy: 'W012A3CDE' }),
    );
    expect(buttons(blocks)).toEqual([]);
    expect(blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: ':eyes: Acknowledged by <@W012A3CDE>' }],
    });
  });

  it('says "Back to normal" once resolved, without a button', () => {
    const resolved = valid(renderMetricAlert({ ...views().metric, status: 'resolved', acknowledgedBy: 'W012A3CDE' }));
    expect(buttons(resolved.blocks)).toEqual([]);
    expect(mrkdwnOf(resolved.blocks).at(-1)).toBe(
      ':white_check_mark: *Back to normal*  ·  :eyes: Acknowledged by <@W012A3CDE>',
    );
    expect(resolved.text).toContain('(back to normal)');
    const unacknowledged = renderMetricAlert({ ...views().metric, status: 'resolved' });
    expect(mrkdwnOf(unacknowledged.blocks).at(-1)).toBe(':white_check_mark: *Back to normal*');
  });

  it('lists at most five tickets, then says how many more', () => {
    const tickets = Array.from({ length: 8 }, (_, i) => ({
      ticketId: 600 + i,
      url: `https://ghostbusters.zendesk.com/agent/tickets/${600 + i}`,
      note: `effort ${90 - i}`,
    }));
    const body = mrkdwnOf(valid(renderMetricAlert({ ...views().metric, tickets })).blocks).join('\n');
    expect(body).toContain('|#604>');
    expect(body).not.toContain('|#605>');
    expect(body).toContain('_and 3 more on the dashboard_');
  });

  it('omits the drivers and tickets sections when there are none', () => {
    const { blocks } = valid(renderMetricAlert({ ...views().metric, drivers: [], tickets: [] }));
    expect(all(blocks)).not.toContain('What drives it');
    expect(all(blocks)).not.toContain('Tickets to look at');
  });
});

describe('renderLowScoreAlert', () => {
  it('asks for a call back, with team, customer, drivers, the quoted comment and the ticket link', () => {
    const { blocks, text } = valid(renderLowScoreAlert(views().lowScore));
    expect((blocks[0]?.text as Json).text).toBe(':telephone_receiver: Low CES (2/7) on #501 — call back?');
    const body = mrkdwnOf(blocks).join('\n');
    expect(body).toContain('*Team:* Billing');
    expect(body).toContain('*Customer:* Dana Barrett');
    expect(body).toContain('*Ticket:* <https://ghostbusters.zendesk.com/agent/tickets/501|#501>');
    expect(body).toContain('• 2 team handoffs\n• 1 channel switch');
    expect(body).toContain('>I had to explain the problem three times.');
    expect(text).toBe('Low CES (2/7) on #501 — call back? Billing from Dana Barrett');
    expect(buttons(blocks)).toMatchObject([{ action_id: 'alert_acknowledge', value: '8', style: 'primary' }]);
  });

  it('says "No comment yet" before the customer wrote one, and copes without name or url', () => {
    const { blocks } = valid(
      renderLowScoreAlert({ ...views().lowScore, verbatim: null, customerName: null, ticketUrl: null }),
    );
    const body = mrkdwnOf(blocks).join('\n');
    expect(body).toContain('_No comment yet_');
    expect(body).not.toContain('Customer');
    expect(body).toContain('*Ticket:* #501');
    expect(body).not.toContain('<http');
  });

  it('quotes every line of a multi-line comment', () => {
    const body = mrkdwnOf(
      renderLowScoreAlert({ ...views().lowScore, verbatim: 'first line\nsecond line' }).blocks,
    ).join('\n');
    expect(body).toContain('>first line\n>second line');
  });

  it("escapes the customer's words and names, so they cannot mention @channel or form links", () => {
    const hostile = {
      ...views().lowScore,
      verbatim: '<!channel> you broke it & <https://evil.example|click> > me',
      customerName: 'Ray <Stantz>',
      teamLabel: 'Billing & Payments',
      drivers: ['<@U0ADMIN> bounced it'],
    };
    const { blocks, text } = valid(renderLowScoreAlert(hostile));
    const body = mrkdwnOf(blocks).join('\n');
    expect(body).toContain('>&lt;!channel&gt; you broke it &amp; &lt;https://evil.example|click&gt; &gt; me');
    expect(body).toContain('*Customer:* Ray &lt;Stantz&gt;');
    expect(body).toContain('*Team:* Billing &amp; Payments');
    expect(body).toContain('• &lt;@U0ADMIN&gt; bounced it');
    expect(body).not.toContain('<!channel>');
    expect(text).toContain('Billing &amp; Payments from Ray &lt;Stantz&gt;');
  });

  it('truncates a long comment, and stays within Block Kit limits even when every character needs escaping', () => {
    const long = renderLowScoreAlert({ ...views().lowScore, verbatim: 'word '.repeat(2_000) });
    const quoted = mrkdwnOf(long.blocks).find((t) => t.startsWith('>')) ?? '';
    expect(quoted.length).toBeLessThanOrEqual(MAX_VERBATIM_CHARS + 1);
    expect(quoted.endsWith('…')).toBe(true);
    valid(long);
    const ampersands = valid(renderLowScoreAlert({ ...views().lowScore, verbatim: '&'.repeat(5_000) }));
    const escaped = mrkdwnOf(ampersands.blocks).find((t) => t.startsWith('>')) ?? '';
    expect(escaped.length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.sectionText);
    expect(escaped).toMatch(/^>(&amp;)+…$/); // cut between entities, never inside one
  });

  it('replaces the button when acknowledged and resolved', () => {
    const acknowledged = renderLowScoreAlert({
      ...views().lowScore,
      status: 'acknowledged',
      acknowledgedBy: 'U0G9QF9C6',
    });
    expect(buttons(acknowledged.blocks)).toEqual([]);
    expect(all(acknowledged.blocks)).toContain('Acknowledged by <@U0G9QF9C6>');
    const resolved = renderLowScoreAlert({ ...views().lowScore, status: 'resolved', acknowledgedBy: null });
    expect(buttons(resolved.blocks)).toEqual([]);
    expect(all(resolved.blocks)).toContain('Back to normal');
  });

  it('never turns a malformed user id into a mention', () => {
    const { blocks } = renderLowScoreAlert({ ...views().lowScore, status: 'acknowledged', acknowledgedBy: '<!here>' });
    expect(all(blocks)).toContain('Acknowledged by &lt;!here&gt;');
  });
});

describe('renderAlertMessage', () => {
  it('renders by message type', () => {
    expect(renderAlertMessage({ type: 'metric', view: views().metric })).toEqual(renderMetricAlert(views().metric));
    expect(renderAlertMessage({ type: 'low_score', view: views().lowScore })).toEqual(
      renderLowScoreAlert(views().lowScore),
    );
  });
});

describe('renderAlertThreadUpdate', () => {
  it('worse: "Still rising", with what is also up now', () => {
    const { blocks, text } = valid(renderAlertThreadUpdate(views().worse));
    const body = mrkdwnOf(blocks).join('\n');
    expect(body).toContain(':small_red_triangle: *Still rising: Billing* — also up now:');
    expect(body).toContain('• *Reopen rate*: 12% now (n=240) vs 5% (n=4,980) · p = 0.003');
    expect(body).toContain('last 24 h vs the 28 days before');
    expect(text).toBe('Still rising: Billing — also up now: Reopen rate 12% vs 5%');
    expect(buttons(blocks)).toEqual([]);
  });

  it('resolved: "Back to normal", now vs baseline, no p-value when there is none', () => {
    const { blocks, text } = valid(renderAlertThreadUpdate(views().resolved));
    const body = mrkdwnOf(blocks).join('\n');
    expect(body).toContain(':white_check_mark: *Back to normal: Billing*');
    expect(body).toContain('• *Team handoffs per case*: 0.24 now (n=198) vs 0.21 (n=4,980) · p = 0.41');
    expect(body).toContain('• *Effort index*: 42 now (n=198) vs 41 (n=4,980)\n');
    expect(text).toBe('Back to normal: Billing — Team handoffs per case 0.24 vs 0.21; Effort index 42 vs 41');
  });
});

describe('renderEffortSummary', () => {
  it('one line per figure, worse ones flagged, open alerts and the dashboard', () => {
    const { blocks, text } = valid(renderEffortSummary(views().summary));
    const body = mrkdwnOf(blocks).join('\n');
    expect(body).toContain('*Effort: Billing*  ·  last 7 days vs the 28 days before');
    expect(body).toContain(
      ':warning: *Effort index*: 58 now (n=1,310) vs 41 (n=4,980) · p < 0.001 — *worse than usual*',
    );
    expect(body).toContain(':white_small_square: *CES average*: 5.1 now (n=402) vs 5.3 (n=1,630) · p = 0.21');
    expect(body).not.toMatch(/CES average[^\n]*worse/);
    expect(body).toContain('1 open alert  ·  <https://effortless.example.com/?segment=group:360001234|Open dashboard>');
    expect(text).toBe('Effort for Billing: 2 of 4 figures worse than usual, 1 open alert.');
  });

  it('says so when there are no figures yet, and pluralises alerts', () => {
    const { blocks } = valid(renderEffortSummary({ ...views().summary, rows: [], openAlerts: 0, dashboardUrl: null }));
    expect(all(blocks)).toContain('No figures for this period yet.');
    expect(all(blocks)).toContain('0 open alerts');
  });
});

describe('Block Kit limits for large inputs', () => {
  const long = (n: number) => 'Ünïcode & <b>'.repeat(n);

  it('a metric alert with many long rises, drivers and tickets stays valid', () => {
    const view = views().metric;
    const rise = { ...view.rises[0]!, label: long(100) };
    const big: MetricAlertView = {
      ...view,
      segmentLabel: long(50),
      windowText: long(400),
      rises: Array.from({ length: 8 }, () => rise),
      drivers: Array.from({ length: 8 }, () => ({ ...view.drivers[0]!, label: long(100) })),
      tickets: Array.from({ length: 12 }, (_, i) => ({
        ticketId: 700 + i,
        url: `https://ghostbusters.zendesk.com/agent/tickets/${700 + i}`,
        note: long(60),
      })),
    };
    const rendered = valid(renderMetricAlert(big));
    expect(rendered.blocks.length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.blocksPerMessage);
    expect(((rendered.blocks[0]?.text as Json).text as string).length).toBeLessThanOrEqual(150);
  });

  it('a low-score alert with a long verbatim and many drivers stays valid', () => {
    valid(
      renderLowScoreAlert({
        ...views().lowScore,
        verbatim: long(1_000),
        drivers: Array.from({ length: 40 }, () => long(20)),
        teamLabel: long(300),
      }),
    );
  });

  it('thread updates and the summary stay valid with long labels', () => {
    const change = { ...views().worse.changes[0]!, label: long(300) };
    valid(renderAlertThreadUpdate({ ...views().worse, changes: Array.from({ length: 8 }, () => change) }));
    valid(
      renderEffortSummary({ ...views().summary, rows: Array.from({ length: 8 }, () => ({ ...change, worse: true })) }),
    );
  });

  it('the checker reports what the survey checker does not cover', () => {
    const tooLongHeader: SlackBlock = { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } };
    const tooLongContext: SlackBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: 'c'.repeat(3001) }] };
    expect(alertBlockViolations({ text: ' ', blocks: [tooLongHeader, tooLongContext] })).toEqual([
      'text (fallback) is empty',
      'blocks[0].text is 151 characters (max 150)',
      'blocks[1].elements[0].text is 3001 characters (max 3000)',
    ]);
  });
});

describe('parseAlertId and escapeMrkdwn', () => {
  it('parses only a positive integer id it wrote', () => {
    expect(parseAlertId('7')).toBe(7);
    expect(parseAlertId(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    for (const bad of [undefined, '', '0', '-7', '07', '7.5', ' 7', '7a', '1e3', '99999999999999999'])
      expect(parseAlertId(bad)).toBeNull();
  });

  it('escapes exactly &, < and >', () => {
    expect(escapeMrkdwn('a & b < c > d *e* _f_')).toBe('a &amp; b &lt; c &gt; d *e* _f_');
  });
});
