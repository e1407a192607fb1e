import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import { DASHBOARD_TOKEN, dashboardApp } from '../support/dashboard-app.js';
import { openTestStore } from '../support/store.js';

let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

/** The sign-in form's CSRF token, read from the page the agent (with its cookies) was given. */
async function signInForm(agent: ReturnType<typeof request.agent>, next = '/') {
  const page = await agent.get(`/login?next=${encodeURIComponent(next)}`);
  expect(page.status).toBe(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  expect(csrf).toBeTruthy();
  return csrf!;
}

describe('dashboard sign-in', () => {
  it('sends a visitor without a session from / to the sign-in form, keeping the filters', async () => {
    const res = await request(dashboardApp(store)).get('/?team=6&from=2026-11-01');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent('/?team=6&from=2026-11-01')}`);
  });

  it('signs in with the token: an HTTP-only SameSite session cookie that reads the page and the API', async () => {
    const agent = request.agent(dashboardApp(store));
    const csrf = await signInForm(agent, '/?team=6');
    const res = await agent.post('/login').type('form').send({ _csrf: csrf, token: DASHBOARD_TOKEN, next: '/?team=6' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/?team=6');
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('effortless_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const page = await agent.get('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/assets/dashboard.js');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await agent.get('/api/dashboard/options')).status).toBe(200);
    // The cookie is for reading: a state change through the API needs the bearer token.
    expect((await agent.post('/api/dashboard/options')).status).toBe(401);
  });

  it('marks cookies Secure when PUBLIC_URL is https', async () => {
    const agent = request.agent(dashboardApp(store, { publicUrl: 'https://effort.example.com' }));
    const page = await agent.get('/login');
    const csrfCookie = (page.headers['set-cookie'] as unknown as string[]).join(';');
    expect(csrfCookie).toMatch(/__Host-effortless\.csrf=.*Secure/);
  });

  it('refuses a wrong token (401), a form without its CSRF token (403) and an outside redirect', async () => {
    const agent = request.agent(dashboardApp(store));
    const csrf = await signInForm(agent);
    const wrong = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrf, token: 'not-the-token-at-all', next: '/' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('not the dashboard token');
    expect(wrong.headers['set-cookie']?.toString() ?? '').not.toContain('effortless_session=');
    const forged = await request(dashboardApp(store)).post('/login').type('form').send({ token: DASHBOARD_TOKEN });
    expect(forged.status).toBe(403);
    const csrf2 = await signInForm(agent);
    const outside = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrf2, token: DASHBOARD_TOKEN, next: '//evil.example/' });
    expect(outside.headers.location).toBe('/');
  });

  it('rate limits failed sign-ins', async () => {
    const agent = request.agent(dashboardApp(store, { signInAttempts: 3 }));
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const csrf = await signInForm(agent);
      statuses.push(
        (await agent.post('/login').type('form').send({ _csrf: csrf, token: 'wrong-token-0123456789' })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const csrf = await signInForm(agent);
    expect((await agent.post('/login').type('form').send({ _csrf: csrf, token: DASHBOARD_TOKEN })).status).toBe(429);
  });

  it('rejects a forged or edited session cookie, and signs out', async () => {
    const app = dashboardApp(store);
    const forged = `effortless_session=${Date.now() + 3_600_000}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
    expect((await request(app).get('/api/dashboard/options').set('cookie', forged)).status).toBe(401);
    const agent = request.agent(app);
    const csrf = await signInForm(agent);
    await agent.post('/login').type('form').send({ _csrf: csrf, token: DASHBOARD_TOKEN });
    const page = await agent.get('/');
    const logoutCsrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    expect((await agent.post('/logout').type('form').send({ _csrf: logoutCsrf })).status).toBe(303);
    expect((await agent.get('/')).status).toBe(303);
    expect((await agent.get('/api/dashboard/options')).status).toBe(401);
  });

  it('shows that the dashboard is off while DASHBOARD_TOKEN is unset', async () => {
    const res = await request(dashboardApp(store, { token: null })).get('/');
    expect(res.status).toBe(403);
    expect(res.text).toContain('DASHBOARD_TOKEN');
  });
});
