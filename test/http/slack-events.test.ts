import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSlackApp } from '../../integrations/slack/app.js';
import { createSlackWebClient } from '../../integrations/slack/client.js';
import { SLACK_BODY_LIMIT_BYTES } from '../../integrations/slack/read-raw-body.js';
import { createHttpApp } from '../../src/http/create-app.js';
import { createMetrics } from '../../src/metrics.js';
import type { Store } from '../../src/ports/store.js';
import type { SurveyInbound } from '../../src/ports/survey-channels.js';
import { loadFixture } from '../integrations/slack/load-fixture.js';
import { interactivityBody, slackSignatureHeaders } from '../integrations/slack/sign-slack-request.js';
import { captureLogs } from '../support/capture-logs.js';
import { openTestStore } from '../support/store.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const FORM = 'application/x-www-form-urlencoded';
const MB = 1024 * 1024;

let store: Store | undefined;
let server: http.Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  await store?.close();
  store = undefined;
});

const unusedInbound = (): SurveyInbound => ({
  handleSmsReply: vi.fn(),
  handleSmsStatus: vi.fn(),
  handleSlackScore: vi.fn(async () => null),
  handleSlackVerbatim: vi.fn(),
  handleMessagingReply: vi.fn(),
});

/** The service's HTTP app with the real Slack router mounted, as compose/http.ts does. */
async function serviceApp(options: { slack: boolean } = { slack: true }) {
  store = await openTestStore();
  const logs = captureLogs();
  const metrics = createMetrics({ collectDefaults: false });
  const client = createSlackWebClient({
    botToken: 'xoxb-1-2-test',
    apiUrl: 'http://slack.test/api/',
    logger: logs.logger,
    retryConfig: { retries: 0 },
  });
  const slack = options.slack
    ? createSlackApp({
        signingSecret: SECRET,
        client,
        inbound: unusedInbound(),
        logger: logs.logger,
        inbox: store.deliveries,
        clock: { now: () => new Date() },
        metrics,
      })
    : null;
  const app = createHttpApp({
    store,
    logger: logs.logger,
    metrics,
    dashboardToken: null,
    zendeskWebhook: (_req, res) => res.status(500).end(),
    slackRouter: slack?.router ?? null,
  });
  return { app, logs, store };
}

async function listen(app: http.RequestListener): Promise<number> {
  const listening = http.createServer(app);
  server = listening;
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  return (listening.address() as AddressInfo).port;
}

/**
 * Streams an unsigned body of `a`s in 64 KiB pieces, as an attacker would, until the server
 * answers or `sendAtMostBytes` are out. Returns what the answer was and how much had been sent.
 */
function streamBody(port: number, options: { declaredBytes?: number; sendAtMostBytes: number }) {
  return new Promise<{ status: number; sentBytes: number; connection: string | undefined; body: string }>(
    (resolve, reject) => {
      const headers: Record<string, string> = { 'Content-Type': FORM };
      if (options.declaredBytes !== undefined) headers['Content-Length'] = String(options.declaredBytes);
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/slack/events', headers });
      const piece = Buffer.alloc(64 * 1024, 'a');
      let sentBytes = 0;
      let answered = false;
      const pump = () => {
        while (!answered && sentBytes < options.sendAtMostBytes) {
          sentBytes += piece.length;
          if (!req.write(piece)) return void req.once('drain', pump);
        }
        // A declared length is never reached: the client would send for as long as the server reads.
        if (!answered && options.declaredBytes === undefined) req.end();
      };
      req.on('response', (res) => {
        answered = true;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (text: string) => (body += text));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, sentBytes, connection: res.headers.connection, body });
          req.destroy();
        });
      });
      req.on('error', (error) => {
        if (!answered) reject(error);
      });
      pump();
    },
  );
}

describe('POST /slack/events: the body is limited before it is read', () => {
  it('refuses ten unsigned 450 MB requests with 413 after their first few KB, closing each connection', async () => {
    const { app, logs, store } = await serviceApp();
    const port = await listen(app);
    const before = process.memoryUsage();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => streamBody(port, { declaredBytes: 450 * MB, sendAtMostBytes: 64 * 1024 })),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toEqual({ error: 'body_too_large', limitBytes: SLACK_BODY_LIMIT_BYTES });
      expect(answer.connection).toBe('close');
      // Answered while the client had sent a sliver of what it declared: the server never waited for the rest.
      expect(answer.sentBytes).toBeLessThan(450 * MB);
    }
    const grownBytes = process.memoryUsage().arrayBuffers - before.arrayBuffers;
    expect(grownBytes).toBeLessThan(64 * MB); // 10 × 450 MB buffered would be 4.5 GB
    expect(await store.deliveries.countByStatus()).toEqual({});
    expect(
      logs.lines.filter((line) => line.msg === 'Slack request refused: body over the size limit (413)'),
    ).toHaveLength(10);
  });

  it('refuses a chunked body (no Content-Length) once it passes 1 MiB, keeping no more than that', async () => {
    const { app, store } = await serviceApp();
    const port = await listen(app);
    const answer = await streamBody(port, { sendAtMostBytes: 3 * MB });
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe('close');
    expect(await store.deliveries.countByStatus()).toEqual({});
  });

  it('reads a body just under the limit, then refuses it for its signature (401), not its size', async () => {
    const { app } = await serviceApp();
    const body = `payload=${'a'.repeat(SLACK_BODY_LIMIT_BYTES - 'payload='.length)}`;
    const response = await request(app).post('/slack/events').type('form').send(body);
    expect(response.status).toBe(401);
  });
});

describe('POST /slack/events through the service app', () => {
  it('a signed press passes the body limit, the signature check and the inbox, and is acknowledged', async () => {
    const { app, store } = await serviceApp();
    const body = interactivityBody(loadFixture('interactivity/block-actions-score-button.json'));
    const response = await request(app)
      .post('/slack/events')
      .type('form')
      .set(slackSignatureHeaders(SECRET, body))
      .send(body);
    expect(response.status).toBe(200);
    await vi.waitFor(async () =>
      expect(Object.values(await store.deliveries.countByStatus()).reduce((a, b) => a + b, 0)).toBe(1),
    );
  });

  it('answers 503 while Slack is off', async () => {
    const { app } = await serviceApp({ slack: false });
    const response = await request(app).post('/slack/events').type('form').send('payload=%7B%7D');
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ error: 'slack_off' });
  });
});
