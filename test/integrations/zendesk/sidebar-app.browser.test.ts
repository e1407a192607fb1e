import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { extname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeServer, listen, localUrl } from '../../../compose/listen.js';
import { APP_DIR } from '../../../scripts/package-zendesk-app.js';
import type { EffortDrivers } from '../../../src/domain/drivers.js';
import { scoreEffort } from '../../../src/domain/effort-index.js';
import { createHttpApp } from '../../../src/http/create-app.js';
import { createLogger } from '../../../src/logger.js';
import { createMetrics } from '../../../src/metrics.js';
import type { Store } from '../../../src/ports/store.js';
import { browserTestsRun, launchChromium } from '../../support/chromium.js';
import { NO_DRIVERS } from '../../support/report-cases.js';
import { answeredSurvey, storeTicketEffort } from '../../support/seed-ticket.js';
import { openTestStore } from '../../support/store.js';
import { FAKE_ZAF_SDK } from './fake-zaf-client.js';

/**
 * The agents' sidebar app in headless Chromium, inside a fake Zendesk: its page is served as
 * Zendesk serves an app's assets, the ZAF SDK is a stand-in, and requests go through a proxy
 * in this test that adds the secure token outside the browser and calls the real Effortless
 * HTTP app (in-memory database) on loopback.
 */
const APP_ORIGIN = 'https://1234.apps.zdusercontent.test';
const SERVICE_URL = 'https://effort.acme.test';
const TOKEN = 'sidebar-secure-token-0123456789';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

let store: Store;
let server: Server;
let apiUrl: string;
let browser: Awaited<ReturnType<typeof launchChromium>>;
const proxied: Array<{ url: string; authorization: string }> = [];

const createdAt = new Date('2026-11-30T09:00:00Z');
const syncTicket = (id: number, status: string, drivers: EffortDrivers) =>
  storeTicketEffort(store, { id, status, drivers, createdAt, syncedAt: new Date('2026-11-30T10:00:00Z') });

async function openApp(ticketId: number, locale = 'en-US'): Promise<Page> {
  const page = await browser.context.newPage();
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.href.startsWith('https://static.zdassets.com/zendesk_app_framework_sdk/2.0/'))
      return route.fulfill({ contentType: 'text/javascript', body: FAKE_ZAF_SDK });
    if (url.origin === APP_ORIGIN && url.pathname.startsWith('/assets/')) {
      const file = join(APP_DIR, url.pathname);
      return route.fulfill({
        contentType: TYPES[extname(file)] ?? 'application/octet-stream',
        body: readFileSync(file),
      });
    }
    return route.abort(); // nothing else: the app must need no other network
  });
  await page.exposeFunction(
    'zafProxy',
    async (options: { url: string; headers: Record<string, string>; secure: boolean }) => {
      const target = new URL(options.url);
      if (target.origin !== SERVICE_URL || !options.secure) return { status: 502, body: { error: 'not proxied' } };
      const authorization = String(options.headers.Authorization).replace('{{setting.token}}', TOKEN);
      proxied.push({ url: options.url, authorization });
      const answer = await fetch(`${apiUrl}${target.pathname}`, { headers: { authorization } });
      return { status: answer.status, body: await answer.json() };
    },
  );
  await page.addInitScript(
    ({ ticketId, locale, serviceUrl }) => {
      const ready = () => {
        const zaf = (globalThis as unknown as { __zaf?: { data: Record<string, unknown>; settings: object } }).__zaf;
        if (!zaf) return;
        zaf.data['ticket.id'] = ticketId;
        zaf.data['currentUser.locale'] = locale;
        zaf.settings = { serviceUrl };
      };
      // The SDK stand-in defines __zaf when its script runs; fill it in right after.
      Object.defineProperty(globalThis, 'ZAFClient', {
        configurable: true,
        set(value) {
          Object.defineProperty(globalThis, 'ZAFClient', { value, configurable: true, writable: true });
          ready();
        },
      });
    },
    { ticketId, locale, serviceUrl: SERVICE_URL },
  );
  await page.goto(`${APP_ORIGIN}/assets/iframe.html`);
  return page;
}

const run = browserTestsRun();

describe.runIf(run)('Zendesk sidebar app in Chromium', () => {
  beforeAll(async () => {
    store = await openTestStore();
    const app = createHttpApp({
      store,
      logger: createLogger({ level: 'silent' }),
      metrics: createMetrics({ collectDefaults: false }),
      dashboardToken: TOKEN,
      zendeskWebhook: (_req, res) => void res.sendStatus(204),
    });
    server = await listen(app, 0);
    apiUrl = localUrl(server, 0);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (server) await closeServer(server);
    await store?.close();
  });
  beforeEach(() => {
    proxied.length = 0;
  });

  it('shows the effort index, each driver in a line and the survey answer, through the proxy with the secure token', async () => {
    await syncTicket(501, 'solved', {
      ...NO_DRIVERS,
      teamHandoffs: 2,
      channelSwitches: 1,
      firstContactResolution: false,
    });
    const verbatim = 'I had to explain it <b>three</b> times';
    await store.surveys.upsertForTicket(answeredSurvey(501, createdAt, { score: 2, verbatim }), createdAt);
    const page = await openApp(501);
    const expected = scoreEffort({ ...NO_DRIVERS, teamHandoffs: 2, channelSwitches: 1, firstContactResolution: false });
    await expect.poll(() => page.locator('[data-role=index]').textContent()).toBe(String(expected.index));
    const drivers = await page.locator('[data-role=drivers] li').allTextContents();
    expect(drivers).toEqual([
      'Switched channel once',
      'Passed between 3 teams',
      'Not solved on first contact',
      'Took 1 h to solve',
    ]);
    expect(await page.locator('[data-role=survey]').textContent()).toBe('CES by SMS: answered');
    expect(await page.locator('[data-role=score]').textContent()).toBe('Answer: 2 / 7');
    // The verbatim is text, not markup.
    expect(await page.locator('blockquote').textContent()).toBe('I had to explain it <b>three</b> times');
    expect(await page.locator('blockquote b').count()).toBe(0);

    const requests = await page.evaluate(
      () => (globalThis as unknown as { __zaf: { requests: unknown[] } }).__zaf.requests,
    );
    expect(requests[0]).toMatchObject({
      url: `${SERVICE_URL}/api/tickets/501/effort`,
      secure: true,
      headers: { Authorization: 'Bearer {{setting.token}}' },
    });
    expect(proxied[0]?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(await page.content()).not.toContain(TOKEN);
    await page.close();
  });

  it('an open ticket: shows the live drivers and refreshes when the ticket changes', async () => {
    const soFar = { ...NO_DRIVERS, resolutionMinutes: null, firstContactResolution: false };
    await syncTicket(777, 'open', { ...soFar, teamHandoffs: 1 });
    const page = await openApp(777);
    await expect
      .poll(() => page.locator('[data-role=drivers] li').allTextContents())
      .toEqual(['Passed between 2 teams']);
    expect(await page.locator('.live').textContent()).toMatch(/Open ticket/);
    expect(await page.getByText('No survey for this ticket yet.').count()).toBe(1);

    // The ticket moves to a third team; the webhook sync stores it; Zendesk fires ticket.updated.
    await syncTicket(777, 'open', { ...soFar, teamHandoffs: 2, channelSwitches: 1 });
    await page.evaluate(() =>
      (globalThis as unknown as { __zaf: { fire(n: string): void } }).__zaf.fire('ticket.updated'),
    );
    await expect
      .poll(() => page.locator('[data-role=drivers] li').allTextContents())
      .toEqual(['Switched channel once', 'Passed between 3 teams']);

    await syncTicket(777, 'solved', { ...soFar, teamHandoffs: 2, channelSwitches: 1, resolutionMinutes: 30 });
    await page.evaluate(() =>
      (globalThis as unknown as { __zaf: { fire(n: string): void } }).__zaf.fire('ticket.status.changed'),
    );
    await expect.poll(() => page.locator('.live').count()).toBe(0);
    expect(await page.locator('[data-role=drivers] li').allTextContents()).toContain('Took 30 min to solve');
    await page.close();
  });

  it("speaks the agent's language, and says plainly when there are no figures yet", async () => {
    await syncTicket(502, 'open', { ...NO_DRIVERS, reopens: 2, resolutionMinutes: null });
    const dutch = await openApp(502, 'nl');
    await expect.poll(() => dutch.locator('[data-role=drivers] li').allTextContents()).toEqual(['2 keer heropend']);
    await dutch.close();

    const unknown = await openApp(404_404);
    await expect
      .poll(() => unknown.locator('[data-role=status]').textContent())
      .toMatch(/No effort figures for this ticket yet/);
    await unknown.close();
  });
});
