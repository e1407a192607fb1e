import { describe, expect, it, vi } from 'vitest';
import { warmDashboard } from '../../compose/dashboard.js';
import type { DashboardService } from '../../src/app/dashboard/dashboard-service.js';
import type { DashboardFilter } from '../../src/ports/dashboard-store.js';
import { captureLogs } from '../support/capture-logs.js';

const DAY = 86_400_000;
const now = new Date('2026-11-30T15:00:00Z');

function fakeDashboard(driverCosts: (filter: DashboardFilter) => Promise<never>) {
  return { driverCosts } as unknown as DashboardService;
}

describe('warmDashboard', () => {
  it("fits the landing view's 90 days soon after start, and says so when it fails", async () => {
    const asked: DashboardFilter[] = [];
    const { logger, lines } = captureLogs();
    warmDashboard(
      fakeDashboard(async (filter) => {
        asked.push(filter);
        throw new Error('database closed');
      }),
      { now: () => now },
      logger,
      0,
    );
    await vi.waitFor(() => expect(lines.some((line) => String(line.msg).includes('warm-up failed'))).toBe(true));
    expect(asked).toEqual([{ from: new Date(Date.UTC(2026, 10, 30) - 89 * DAY), to: new Date(Date.UTC(2026, 11, 1)) }]);
  });

  it('does nothing once cancelled before its time', async () => {
    const driverCosts = vi.fn();
    const cancel = warmDashboard(fakeDashboard(driverCosts), { now: () => now }, captureLogs().logger, 10);
    cancel();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(driverCosts).not.toHaveBeenCalled();
  });
});
