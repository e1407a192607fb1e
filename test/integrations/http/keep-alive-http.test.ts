import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpTransportError, keepAliveHttp } from '../../../integrations/http/keep-alive-http.js';

const http = keepAliveHttp();
afterAll(() => http.close());

/** A real loopback server (nock's interceptor closes every connection it passes, so it is off here). */
async function serve(handler: Parameters<typeof createServer>[1]) {
  const server = createServer(handler);
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, connections: () => connections };
}
const running: Server[] = [];
beforeEach(() => nock.restore());
afterEach(async () => {
  if (!nock.isActive()) nock.activate();
  for (const server of running.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('keepAliveHttp', () => {
  it('sends method, headers and body, and reads status, headers and the whole body', async () => {
    let seen: { method?: string; headers?: IncomingHttpHeaders; body?: string } = {};
    const { server, url } = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen = { method: req.method ?? '', headers: req.headers, body };
        res.writeHead(422, 'Unprocessable Entity', { 'Content-Type': 'application/json', 'Retry-After': '7' });
        res.end('{"error":"RecordInvalid","détail":"é"}');
      });
    });
    running.push(server);
    const answer = await http.request(`${url}/api/v2/tickets/1.json`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: 'Basic abc' },
      body: '{"ticket":{"subject":"é"}}',
      timeoutMs: 1_000,
    });
    expect(seen).toMatchObject({ method: 'PUT', body: '{"ticket":{"subject":"é"}}' });
    expect(seen.headers?.['content-length']).toBe(String(Buffer.byteLength('{"ticket":{"subject":"é"}}')));
    expect(seen.headers?.authorization).toBe('Basic abc');
    expect(answer).toMatchObject({ status: 422, statusText: 'Unprocessable Entity' });
    expect(answer.headers['retry-after']).toBe('7');
    expect(JSON.parse(answer.text)).toEqual({ error: 'RecordInvalid', détail: 'é' });
  });

  it("sends the body's own byte length, not a Content-Length the caller counted in characters", async () => {
    const body = '{"comment":"Très facile"}';
    let seen: { rawHeaders: string[]; body: string } = { rawHeaders: [], body: '' };
    const { server, url } = await serve((req, res) => {
      let received = '';
      req.on('data', (chunk) => (received += chunk));
      req.on('end', () => {
        seen = { rawHeaders: req.rawHeaders, body: received };
        res.end('{}');
      });
    });
    running.push(server);
    const answer = await http.request(url, {
      method: 'POST',
      headers: { 'Content-Length': String(body.length) },
      body,
      timeoutMs: 1_000,
    });
    expect(answer.status).toBe(200);
    const lengths = seen.rawHeaders.filter(
      (_, i) => i % 2 === 1 && /^content-length$/i.test(seen.rawHeaders[i - 1] ?? ''),
    );
    expect(lengths).toEqual([String(Buffer.byteLength(body))]);
    expect(seen.body).toBe(body);
  });

  it('keeps one connection for requests one after another, whatever Connection header the caller set', async () => {
    const seenConnection: Array<string | undefined> = [];
    const { server, url, connections } = await serve((req, res) => {
      seenConnection.push(req.headers.connection);
      req.resume().on('end', () => res.end('{}'));
    });
    running.push(server);
    for (let i = 0; i < 5; i++)
      await http.request(`${url}/x`, {
        method: 'POST',
        headers: { Connection: 'close' },
        body: 'a=1',
        timeoutMs: 1_000,
      });
    expect(connections()).toBe(1);
    expect(seenConnection).toEqual(Array(5).fill('keep-alive'));
  });

  it('cuts off an answer whose body stalls after its headers, at the deadline', async () => {
    const { server, url } = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"partial":');
    });
    running.push(server);
    const started = Date.now();
    const error = await http.request(`${url}/slow`, { method: 'GET', headers: {}, timeoutMs: 80 }).catch((e) => e);
    expect(error).toBeInstanceOf(HttpTransportError);
    expect(error).toMatchObject({ timedOut: true, code: null, nothingSent: false });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('says ECONNREFUSED when nothing listens, and carries nothing of the request', async () => {
    const { server, url } = await serve(() => undefined);
    await new Promise((resolve) => server.close(resolve));
    const error = await http
      .request(`${url}/x`, {
        method: 'PUT',
        headers: { Authorization: 'Basic secret-token' },
        body: '{}',
        timeoutMs: 1_000,
      })
      .catch((e) => e);
    expect(error).toBeInstanceOf(HttpTransportError);
    expect(error).toMatchObject({ timedOut: false, code: 'ECONNREFUSED', nothingSent: true });
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('secret-token');
    expect(error.message).not.toContain(url);
  });

  it('a connection reset mid-answer is a transport error with its code', async () => {
    const { server, url } = await serve((req) => req.socket.destroy());
    running.push(server);
    const error = await http.request(`${url}/x`, { method: 'GET', headers: {}, timeoutMs: 1_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(HttpTransportError);
    // The provider may have acted before the connection dropped.
    expect(error).toMatchObject({ timedOut: false, code: 'ECONNRESET', nothingSent: false });
  });
});

describe('keepAliveHttp under nock (how the tests mock providers)', () => {
  it('gets nock’s answer: the agent asks for no keep-alive itself, under which nock 14 would hang', async () => {
    nock.activate();
    nock('https://acme.zendesk.test')
      .get('/api/v2/tickets/1.json')
      .reply(200, { ticket: { id: 1 } });
    const answer = await http.request('https://acme.zendesk.test/api/v2/tickets/1.json', {
      method: 'GET',
      headers: { Connection: 'keep-alive' },
      timeoutMs: 1_000,
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ ticket: { id: 1 } });
  });
});
