import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zendeskBudget } from '../../compose/zendesk-budget-metrics.js';
import { createMetrics } from '../../src/metrics.js';
import type { Store } from '../../src/ports/store.js';
import { openTestStore } from '../support/store.js';

describe('zendeskBudget: one budget per Zendesk account, shared through the store', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore();
  });
  afterEach(async () => {
    await store.close();
  });

  it('lets one instance spend the slot of an account for both, and another account keep its own', async () => {
    // 10 a minute: a burst of one, the next slot 6.7 s later, beyond the 2 s a caller may wait.
    const account = { url: 'https://acme.zendesk.com', perMinute: 10 };
    const one = zendeskBudget(account, undefined, store.pacing);
    const other = zendeskBudget(account, undefined, store.pacing);
    expect(await one.take()).toBe(0);
    expect(await other.take()).toBeLessThan(-2_000);
    const elsewhere = zendeskBudget({ url: 'https://other.zendesk.com', perMinute: 10 }, undefined, store.pacing);
    expect(await elsewhere.take()).toBe(0);
  });

  it("reports the budget and this instance's use in /metrics", async () => {
    const metrics = createMetrics();
    const budget = zendeskBudget({ url: 'https://acme.zendesk.com', perMinute: 300 }, metrics, store.pacing);
    for (let i = 0; i < 3; i++) await budget.take();
    const text = await metrics.registry.metrics();
    expect(text).toContain('effortless_zendesk_request_budget_per_minute 300');
    expect(text).toContain('effortless_zendesk_requests_last_minute 3');
  });
});
