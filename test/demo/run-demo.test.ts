import { describe, expect, it } from 'vitest';
import { runDemo } from '../../demo/run-demo.js';
import { formatSummary, summarize } from '../../demo/summary.js';

async function play(seed: number, days: number, ticketsPerDay: number) {
  const run = await runDemo({ seed, days, ticketsPerDay });
  try {
    return { summary: await summarize(run), run };
  } finally {
    await run.stop({ removeFiles: true });
  }
}

describe('npm run demo', () => {
  it('plays a week through the real endpoints, catches the rise in Shipping and nothing else', async () => {
    const { summary, run } = await play(42, 7, 143);
    expect(summary.tickets).toBeGreaterThan(900);
    expect(summary.scored).toBe(summary.tickets); // every signed webhook was verified and processed
    expect(summary.surveysSent.sms).toBeGreaterThan(200);
    expect(summary.surveysSent.slack).toBeGreaterThan(200);
    expect(summary.answerRate).toBeGreaterThan(0.5);
    expect(summary.optedOut).toBeGreaterThan(0);
    const shipping = summary.teams.find((t) => t.team === 'Shipping')!;
    expect(shipping.handoffsAfter).toBeGreaterThan(3 * shipping.handoffsBefore);
    expect(summary.effortAlerts.map((a) => a.label)).toEqual(['Shipping']);
    expect(summary.effortAlerts[0]!.metrics).toContain('team_handoffs');
    expect(summary.riseCaught).toBe(true);
    // What the leads saw in Slack: the alert with its Acknowledge button, in the stand-in.
    const leads = run.standIns.slack.state.messagesIn(run.leadsChannelId);
    expect(leads.some((m) => m.thread_ts === null && m.text.includes('Shipping'))).toBe(true);
    // The bot wrote the effort and the answers back to the Zendesk stand-in.
    expect(run.standIns.zendesk.state.listUpdates().some((u) => u.addedTags.some((t) => t.startsWith('ces_')))).toBe(true);
    expect(formatSummary(summary)).toContain("✔ The rise in Shipping's handoffs was caught; nothing else fired.");
  }, 180_000);

  it('is deterministic for a seed', async () => {
    const first = await play(7, 2, 30);
    const second = await play(7, 2, 30);
    expect(second.summary).toEqual(first.summary);
    expect(first.summary.tickets).toBeGreaterThan(40);
  }, 60_000);
});
