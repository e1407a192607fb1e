import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createGroupsReader } from '../../../integrations/zendesk/list-groups.js';
import { createZendeskHttp } from '../../../integrations/zendesk/zendesk-http.js';
import { RetryLater, ZendeskApiError } from '../../../src/ports/errors.js';
import { validateAgainstSpec } from '../../support/openapi.js';
import '../../support/no-network.js';

const BASE = 'http://zendesk.test';
const SPEC = 'test/specs/zendesk_support_api.yaml';
const json = { 'Content-Type': 'application/json; charset=utf-8' };

// Shaped like ListGroups' documented answer (GroupsResponse, cursor pagination's meta/links).
const page1 = {
  groups: [
    { id: 360001, name: 'Billing', deleted: false, default: true, is_public: true },
    { id: 360002, name: 'Second line ', deleted: false, default: false, is_public: true },
  ],
  meta: { has_more: true, after_cursor: 'xyz', before_cursor: null },
  links: { next: 'https://example.zendesk.com/api/v2/groups.json?page%5Bafter%5D=xyz&page%5Bsize%5D=100', prev: null },
};
const page2 = {
  groups: [{ id: 360003, name: 'Returns (old)', deleted: true, default: false, is_public: false }],
  meta: { has_more: false, after_cursor: null, before_cursor: 'abc' },
  links: { next: null, prev: null },
};

const reader = () =>
  createGroupsReader(
    createZendeskHttp({ url: `${BASE}/`, email: 'bot@example.com', apiToken: 'tok123', timeoutMs: 2_000 }),
  );

describe('createGroupsReader', () => {
  it('the mocked pages match the documented ListGroups response', () => {
    for (const body of [page1, page2])
      expect(validateAgainstSpec(SPEC, { method: 'GET', path: '/api/v2/groups.json', status: 200, body })).toEqual([]);
  });

  it('reads every page with token auth, on the configured host, deleted groups included', async () => {
    const auth = `Basic ${Buffer.from('bot@example.com/token:tok123').toString('base64')}`;
    const api = nock(BASE)
      .get('/api/v2/groups.json')
      .query({ 'page[size]': '100' })
      .matchHeader('authorization', auth)
      .reply(200, page1, json)
      .get('/api/v2/groups.json')
      .query({ 'page[after]': 'xyz', 'page[size]': '100' })
      .reply(200, page2, json);
    expect(await reader().listTeamNames()).toEqual({
      '360001': 'Billing',
      '360002': 'Second line',
      '360003': 'Returns (old)',
    });
    expect(api.isDone()).toBe(true);
  });

  it('a 429 with Retry-After is RetryLater; a 401 is final and names the credentials', async () => {
    nock(BASE)
      .get('/api/v2/groups.json')
      .query(true)
      .reply(429, {}, { ...json, 'Retry-After': '30' });
    await expect(reader().listTeamNames()).rejects.toBeInstanceOf(RetryLater);
    nock(BASE).get('/api/v2/groups.json').query(true).reply(401, { error: 'Couldn\u2019t authenticate you' }, json);
    const error = await reader()
      .listTeamNames()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskApiError);
    expect((error as ZendeskApiError).retryable).toBe(false);
    expect(String(error)).toMatch(/ZENDESK_API_TOKEN/);
  });

  it('stops on a next link it already read instead of looping', async () => {
    const looping = { ...page1, links: { next: `${BASE}/api/v2/groups.json?page%5Bsize%5D=100` } };
    nock(BASE).get('/api/v2/groups.json').query(true).reply(200, looping, json);
    expect(Object.keys(await reader().listTeamNames())).toHaveLength(2);
  });
});
