import { describe, expect, it } from 'vitest';
import { createReportBuilder } from '../../../src/app/report/build-report.js';
import { DEFAULT_EFFORT_WEIGHTS } from '../../../src/domain/effort-index.js';
import type { AnsweredCes } from '../../../src/ports/store.js';
import { answeredCases, TRUE_CES_EFFECTS } from '../../support/answered-cases.js';
import { reportCase } from '../../support/report-cases.js';

const until = new Date('2026-11-30T00:00:00Z');
const since = new Date('2026-11-23T00:00:00Z');

function builder(answers: AnsweredCes[]) {
  const asked: Date[] = [];
  const build = createReportBuilder({
    reports: { listSolvedCases: async () => [reportCase(1), reportCase(2, { groupId: 7 })] },
    listAnsweredCes: async (from) => {
      asked.push(from);
      return answers;
    },
    teamNames: () => ({ '7': 'Returns' }),
    zendeskUrl: 'https://acme.zendesk.com',
    worstCount: 5,
    weights: DEFAULT_EFFORT_WEIGHTS,
  });
  return { build, asked };
}

describe('report builder', () => {
  it('prices each driver with the effort model over 90 days of answers; the true effects lie in the intervals', async () => {
    const day = 86_400_000;
    const stream = answeredCases({ seed: 17, cases: 3000 }).map((a, i) => ({
      ticketId: i + 1,
      answeredAt: new Date(until.getTime() - (1 + (i % 80)) * day),
      ...a,
    }));
    // An answer after the period's end must not move the costs of this report.
    const later = {
      ticketId: 99_999,
      answeredAt: new Date(until.getTime() + day),
      ces: 1,
      drivers: stream[0]!.drivers,
    };
    const { build, asked } = builder([...stream, later]);
    const figures = await build({ since, until });
    expect(asked).toEqual([new Date(until.getTime() - 90 * day)]);
    expect(figures.costNote).toMatch(/3,000 answers in the 90 days before 2026-11-30/);
    const handoffs = figures.drivers.find((d) => d.driver === 'teamHandoffs')?.cesCost;
    expect(handoffs?.unit).toBe('each team handoff');
    for (const driver of ['teamHandoffs', 'channelSwitches', 'reopens'] as const) {
      const cost = figures.drivers.find((d) => d.driver === driver)?.cesCost;
      expect(cost, driver).not.toBeNull();
      expect(cost!.low, driver).toBeLessThanOrEqual(TRUE_CES_EFFECTS[driver]);
      expect(cost!.high, driver).toBeGreaterThanOrEqual(TRUE_CES_EFFECTS[driver]);
    }
    expect(figures.worstTeams.map((t) => t.team)).toContain('Returns');
    expect(figures.worstCases[0]?.url).toBe('https://acme.zendesk.com/agent/tickets/1');
  });

  it('with too few answers the report says so instead of showing costs', async () => {
    const { build } = builder([]);
    const figures = await build({ since, until });
    expect(figures.drivers.every((d) => d.cesCost === null)).toBe(true);
    expect(figures.costNote).toMatch(/Too few CES answers/);
  });

  it('refuses a period that ends before it starts', async () => {
    await expect(builder([]).build({ since: until, until: since })).rejects.toThrow(/must end after/);
  });
});
