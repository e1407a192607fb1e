import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import { DASHBOARD_TOKEN, dashboardApp } from '../support/dashboard-app.js';
import { seedCase } from '../support/dashboard-cases.js';
import { openTestStore } from '../support/store.js';

const nov = (day: number, hour = 9) => new Date(Date.UTC(2026, 10, day, hour));
const bearer = { authorization: `Bearer ${DASHBOARD_TOKEN}` };
let store: Store;

const addFormats = ((addFormatsPlugin as unknown as { default?: unknown }).default ?? addFormatsPlugin) as unknown as (
  ajv: Ajv2020,
) => Ajv2020;

/** Validates a response against the operation's 200 schema in the served OpenAPI document. */
async function validateWithServedDocument(path: string, body: unknown): Promise<string[]> {
  const doc = (await request(dashboardApp(store)).get('/api/openapi.json').set(bearer)).body;
  const schema = doc.paths[path].get.responses['200'].content['application/json'].schema;
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  const validate = ajv.compile(schema);
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

beforeEach(async () => {
  store = await openTestStore();
  // Billing (5): three email cases on 10 Nov; Shipping (6): two chat cases on 12 Nov with handoffs.
  await seedCase(store, {
    id: 1,
    createdAt: nov(10),
    team: 5,
    channel: 'email',
    effortIndex: 10,
    survey: { score: 7 },
  });
  await seedCase(store, {
    id: 2,
    createdAt: nov(10),
    team: 5,
    channel: 'email',
    effortIndex: 20,
    survey: { score: 6 },
  });
  await seedCase(store, {
    id: 3,
    createdAt: nov(10),
    team: 5,
    channel: 'email',
    effortIndex: 30,
    survey: { score: null },
  });
  await seedCase(store, {
    id: 4,
    createdAt: nov(12),
    team: 6,
    channel: 'chat',
    form: 77,
    effortIndex: 80,
    drivers: { teamHandoffs: 2 },
    survey: { score: 2, verbatim: '=passed around three teams', channel: 'slack' },
  });
  await seedCase(store, {
    id: 5,
    createdAt: nov(12),
    team: 6,
    channel: 'chat',
    effortIndex: 60,
    drivers: { teamHandoffs: 1 },
    survey: { score: 3 },
  });
});
afterEach(async () => {
  await store.close();
});

describe('dashboard API', () => {
  it('answers 401 without a token or session, 403 while DASHBOARD_TOKEN is unset', async () => {
    for (const path of ['/api/dashboard/overview', '/api/openapi.json', '/api/dashboard/cases.csv']) {
      expect((await request(dashboardApp(store)).get(path)).status).toBe(401);
      expect(
        (await request(dashboardApp(store)).get(path).set('authorization', 'Bearer wrong-token-wrong-token')).status,
      ).toBe(401);
    }
    expect(
      (
        await request(dashboardApp(store, { token: null }))
          .get('/api/dashboard/overview')
          .set(bearer)
      ).status,
    ).toBe(403);
  });

  it('gives the period headline and a day series that add up, valid against the OpenAPI document', async () => {
    const res = await request(dashboardApp(store))
      .get('/api/dashboard/overview?from=2026-11-09&to=2026-11-13')
      .set(bearer);
    expect(res.status).toBe(200);
    expect(await validateWithServedDocument('/dashboard/overview', res.body)).toEqual([]);
    const { headline, series, granularity, filters } = res.body;
    expect(filters).toEqual({ from: '2026-11-09', to: '2026-11-13', team: null, channel: null, form: null });
    expect(granularity).toBe('day');
    expect(headline.cases).toBe(5);
    expect(headline.answers).toBe(4);
    expect(headline.ces.value).toBe((7 + 6 + 2 + 3) / 4);
    expect(headline.easyShare.value).toBe(0.5);
    expect(headline.effortIndex).toBe(40);
    expect(series.map((p: { start: string; cases: number }) => [p.start, p.cases])).toEqual([
      ['2026-11-09', 0],
      ['2026-11-10', 3],
      ['2026-11-11', 0],
      ['2026-11-12', 2],
      ['2026-11-13', 0],
    ]);
    expect(series[1].ces.value).toBe(6.5);
    expect(
      res.body.responseRateByChannel.map((r: { channel: string; sent: number; answered: number }) => [
        r.channel,
        r.sent,
        r.answered,
      ]),
    ).toEqual([
      ['sms', 4, 3],
      ['slack', 1, 1],
    ]);
  });

  it('narrows every figure by team, channel and form', async () => {
    const app = dashboardApp(store);
    const shipping = await request(app).get('/api/dashboard/overview?from=2026-11-01&to=2026-11-15&team=6').set(bearer);
    expect(shipping.body.headline.cases).toBe(2);
    expect(shipping.body.headline.ces.value).toBe(2.5);
    expect(shipping.body.headline.drivers.teamHandoffs).toBe(1.5);
    const form = await request(app)
      .get('/api/dashboard/overview?from=2026-11-01&to=2026-11-15&form=77&channel=chat')
      .set(bearer);
    expect(form.body.headline.cases).toBe(1);
    const weekly = await request(app)
      .get('/api/dashboard/overview?from=2026-11-01&to=2026-11-15&granularity=week')
      .set(bearer);
    // 1 Nov 2026 is a Sunday: its ISO week starts on Monday 26 October.
    expect(weekly.body.series.map((p: { start: string; cases: number }) => [p.start, p.cases])).toEqual([
      ['2026-10-26', 0],
      ['2026-11-02', 0],
      ['2026-11-09', 5],
    ]);
  });

  it('breaks figures down by team with their names, valid against the document', async () => {
    const res = await request(dashboardApp(store))
      .get('/api/dashboard/breakdown?by=team&from=2026-11-01&to=2026-11-15')
      .set(bearer);
    expect(res.status).toBe(200);
    expect(await validateWithServedDocument('/dashboard/breakdown', res.body)).toEqual([]);
    expect(res.body.rows.map((r: { key: string; label: string; cases: number }) => [r.key, r.label, r.cases])).toEqual([
      ['5', 'Billing', 3],
      ['6', 'Shipping', 2],
    ]);
  });

  it('lists the worst cases with drivers, verbatims and Zendesk links; exports them as CSV', async () => {
    const app = dashboardApp(store);
    const res = await request(app).get('/api/dashboard/cases?from=2026-11-01&to=2026-11-15&limit=2').set(bearer);
    expect(await validateWithServedDocument('/dashboard/cases', res.body)).toEqual([]);
    expect(res.body.cases.map((c: { ticketId: number }) => c.ticketId)).toEqual([4, 5]);
    expect(res.body.cases[0]).toMatchObject({
      teamLabel: 'Shipping',
      drivers: { teamHandoffs: 2 },
      survey: { score: 2, verbatim: '=passed around three teams' },
      zendeskUrl: 'https://acme.zendesk.com/agent/tickets/4',
    });
    const csv = await request(app).get('/api/dashboard/cases.csv?from=2026-11-01&to=2026-11-15').set(bearer);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('effortless-cases-2026-11-01-2026-11-15.csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toMatch(/^ticket_id,at,team,channel/);
    expect(lines).toHaveLength(6);
    // A verbatim that a spreadsheet would run as a formula is defused.
    expect(lines[1]).toContain("'=passed around three teams");
  });

  it('lists alerts with their state and who acknowledged them', async () => {
    const alert = await store.alerts.create(
      { kind: 'metric', subject: 'group:6', ticketId: null, metrics: ['team_handoffs'], view: null },
      nov(12, 10),
    );
    await store.alerts.update(
      alert.id,
      { status: 'acknowledged', acknowledgedBy: 'U123 (Maria)', acknowledgedAt: nov(12, 11) },
      nov(12, 11),
    );
    const res = await request(dashboardApp(store)).get('/api/dashboard/alerts').set(bearer);
    expect(await validateWithServedDocument('/dashboard/alerts', res.body)).toEqual([]);
    expect(res.body.alerts).toEqual([
      expect.objectContaining({
        label: 'Shipping',
        status: 'acknowledged',
        acknowledgedBy: 'U123 (Maria)',
        metrics: ['team_handoffs'],
      }),
    ]);
  });

  it('says plainly when there are too few answers for driver costs', async () => {
    const res = await request(dashboardApp(store))
      .get('/api/dashboard/driver-costs?from=2026-11-01&to=2026-11-15')
      .set(bearer);
    expect(res.status).toBe(200);
    expect(await validateWithServedDocument('/dashboard/driver-costs', res.body)).toEqual([]);
    expect(res.body).toMatchObject({
      enoughAnswers: false,
      answers: 4,
      minAnswers: 300,
      costs: [],
      indexPrediction: null,
    });
    expect(res.body.message).toMatch(/Too few CES answers/);
  });

  it('fits the effort model to the filtered answers: each handoff costs about what the seeded stream says', async () => {
    // 150 more answered cases on 5 Nov: each team handoff takes 1 CES point off 6, with noise of ±1.
    for (let i = 0; i < 150; i++) {
      const handoffs = i % 3;
      const noise = [-1, 0, 1, 0, 1][i % 5]!;
      await seedCase(store, {
        id: 100 + i,
        createdAt: nov(5),
        team: 7,
        effortIndex: handoffs * 20,
        drivers: { teamHandoffs: handoffs },
        survey: { score: 6 - handoffs + noise },
      });
    }
    const res = await request(dashboardApp(store, { minAnswers: 100 }))
      .get('/api/dashboard/driver-costs?from=2026-11-01&to=2026-11-15&team=7')
      .set(bearer);
    expect(await validateWithServedDocument('/dashboard/driver-costs', res.body)).toEqual([]);
    expect(res.body).toMatchObject({ enoughAnswers: true, answers: 150 });
    const handoff = res.body.costs.find((c: { driver: string }) => c.driver === 'teamHandoffs');
    expect(handoff.n).toBe(100);
    expect(handoff.low).toBeLessThan(-1 + 0.05);
    expect(handoff.high).toBeGreaterThan(-1 - 0.05);
    expect(handoff.effect).toBeCloseTo(-1, 0);
    expect(res.body.indexPrediction.spearman).toBeGreaterThan(0.5);

    // The fit is kept while the answers stay the same. When one more arrives, the kept fit
    // still answers at once while the refit runs in the background; later requests get it.
    const app = dashboardApp(store, { minAnswers: 100 });
    const path = '/api/dashboard/driver-costs?from=2026-11-01&to=2026-11-15&team=7';
    expect((await request(app).get(path).set(bearer)).body.answers).toBe(150);
    expect((await request(app).get(path).set(bearer)).body).toEqual(res.body);
    await seedCase(store, { id: 999, createdAt: nov(6), team: 7, drivers: { teamHandoffs: 2 }, survey: { score: 4 } });
    expect((await request(app).get(path).set(bearer)).body.answers).toBe(150);
    await vi.waitFor(async () => expect((await request(app).get(path).set(bearer)).body.answers).toBe(151));
  });

  it('lists the teams, channels and forms to filter by', async () => {
    const res = await request(dashboardApp(store)).get('/api/dashboard/options').set(bearer);
    expect(await validateWithServedDocument('/dashboard/options', res.body)).toEqual([]);
    expect(res.body).toEqual({
      teams: [
        { id: 5, label: 'Billing' },
        { id: 6, label: 'Shipping' },
      ],
      channels: ['chat', 'email'],
      forms: [
        { id: -1, label: 'No form' },
        { id: 77, label: 'Form 77' },
      ],
    });
  });

  it('refuses bad queries with 400 and says what is wrong', async () => {
    const app = dashboardApp(store);
    const cases: Array<[string, RegExp]> = [
      ['/api/dashboard/overview?from=2026-13-01', /calendar date/],
      ['/api/dashboard/overview?from=2026-11-10&to=2026-11-01', /after/],
      ['/api/dashboard/overview?from=2020-01-01&to=2026-11-01', /at most 731 days/],
      ['/api/dashboard/overview?team=abc', /Zendesk id/],
      ['/api/dashboard/overview?colour=red', /colour/],
      ['/api/dashboard/breakdown?by=agent', /by/],
    ];
    for (const [path, message] of cases) {
      const res = await request(app).get(path).set(bearer);
      expect(res.status, path).toBe(400);
      expect(res.body.error).toBe('bad_query');
      expect(res.body.message).toMatch(message);
    }
  });

  it('describes every dashboard path in a valid OpenAPI 3.1 document', async () => {
    const doc = (await request(dashboardApp(store)).get('/api/openapi.json').set(bearer)).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/dashboard/overview',
        '/dashboard/breakdown',
        '/dashboard/cases',
        '/dashboard/cases.csv',
        '/dashboard/alerts',
      ]),
    );
    const ajv = addFormats(new Ajv2020({ strict: false }));
    // Every schema in the document compiles as JSON Schema 2020-12 (OpenAPI 3.1's dialect).
    for (const item of Object.values(doc.paths) as Array<{
      get: {
        parameters: Array<{ schema: object }>;
        responses: Record<string, { content?: Record<string, { schema: object }> }>;
      };
    }>) {
      for (const parameter of item.get.parameters) expect(() => ajv.compile(parameter.schema)).not.toThrow();
      const ok = item.get.responses['200']!.content!;
      for (const media of Object.values(ok)) expect(() => ajv.compile(media.schema)).not.toThrow();
    }
    const from = doc.paths['/dashboard/overview'].get.parameters.find((p: { name: string }) => p.name === 'from');
    expect(from).toMatchObject({ in: 'query', required: false, schema: { type: 'string' } });
  });
});
