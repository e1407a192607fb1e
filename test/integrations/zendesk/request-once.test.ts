import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { keepAliveHttp } from '../../../integrations/http/keep-alive-http.js';
import { UNLIMITED_BUDGET } from '../../../integrations/zendesk/request-budget.js';
import { OPEN_GATE, requestOnce, type RequestOnceOptions } from '../../../integrations/zendesk/request-once.js';
import { OutcomeUnknownError, ZendeskApiError } from '../../../src/ports/errors.js';

const silent = { debug: () => undefined, warn: () => undefined };
const options = (method: 'GET' | 'PUT'): RequestOnceOptions => ({
  method,
  timeoutMs: 100,
  gate: OPEN_GATE,
  budget: UNLIMITED_BUDGET,
  logger: silent,
  now: Date.now,
});
const context = { operation: 'updateTicket', ticketId: 501 };

const http = keepAliveHttp();
afterAll(() => http.close());

/** What the transport really throws for a PUT to a loopback server that never answers, or (`closed`) to nobody. */
async function transportErrorOf(server: 'closed' | 'silent', timeoutMs: number): Promise<unknown> {
  const listening = createServer(() => undefined);
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  const { port } = listening.address() as AddressInfo;
  if (server === 'closed') await new Promise((resolve) => listening.close(resolve));
  try {
    return await http
      .request(`http://127.0.0.1:${port}/api/v2/tickets/501.json`, {
        method: 'PUT',
        headers: {},
        body: '{}',
        timeoutMs,
      })
      .then(
        () => expect.unreachable('no answer can come'),
        (error: unknown) => error,
      );
  } finally {
    if (server === 'silent') {
      listening.closeAllConnections();
      listening.close();
    }
  }
}
const refusedError = () => transportErrorOf('closed', 1_000);
const deadlineError = () => transportErrorOf('silent', 50);

describe('requestOnce: what a failure without an answer means', () => {
  it('a PUT refused before anything was sent is an ordinary retryable error, not an unknown outcome', async () => {
    const refused = await refusedError();
    const error = await requestOnce(() => Promise.reject(refused), context, options('PUT')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskApiError);
    expect(error).toMatchObject({
      status: null,
      retryable: true,
      message: 'updateTicket: request failed (ECONNREFUSED)',
    });
  });

  it('a PUT that hit our deadline may have been applied: OutcomeUnknownError', async () => {
    const timeout = await deadlineError();
    const error = await requestOnce(() => Promise.reject(timeout), context, options('PUT')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as Error).message).toBe(
      'updateTicket: no answer from Zendesk within 100 ms; Zendesk may have applied the update',
    );
  });

  it('the same deadline on a GET is simply retryable', async () => {
    const timeout = await deadlineError();
    const error = await requestOnce(() => Promise.reject(timeout), { operation: 'getTicket' }, options('GET')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ZendeskApiError);
    expect(error).toMatchObject({ status: null, retryable: true });
  });
});
