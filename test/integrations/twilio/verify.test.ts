import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { signedUrlOf, verifyTwilioRequest } from '../../../integrations/twilio/verify.js';
import { AUTH_TOKEN, loadFixture } from './support.js';

const URL_AS_CONFIGURED = 'https://effortless.example.com/webhooks/twilio/sms';
const params = loadFixture<Record<string, string>>('webhook/inbound-sms.json');
const sign = (url: string, p: Record<string, string> = params, token = AUTH_TOKEN) =>
  twilio.getExpectedTwilioSignature(token, url, p);

describe('verifyTwilioRequest', () => {
  it("accepts a request signed by Twilio's own algorithm", () => {
    expect(
      verifyTwilioRequest({
        authToken: AUTH_TOKEN,
        signature: sign(URL_AS_CONFIGURED),
        url: URL_AS_CONFIGURED,
        params,
      }),
    ).toEqual({ ok: true });
  });

  it('says "missing" without a header, and tells the operator to look for a proxy stripping it', () => {
    const verdict = verifyTwilioRequest({
      authToken: AUTH_TOKEN,
      signature: undefined,
      url: URL_AS_CONFIGURED,
      params,
    });
    expect(verdict).toMatchObject({ ok: false, reason: 'missing', hint: expect.stringMatching(/X-Twilio-Signature/) });
  });

  it.each([
    [
      'another auth token',
      sign(URL_AS_CONFIGURED, params, 'another-token-another-token-0000'),
      URL_AS_CONFIGURED,
      params,
    ],
    ['a changed parameter', sign(URL_AS_CONFIGURED), URL_AS_CONFIGURED, { ...params, Body: '7' }],
    ['an added parameter', sign(URL_AS_CONFIGURED), URL_AS_CONFIGURED, { ...params, Extra: 'x' }],
    [
      'http instead of https (TLS ended at a proxy)',
      sign(URL_AS_CONFIGURED),
      URL_AS_CONFIGURED.replace('https:', 'http:'),
      params,
    ],
    ['another host', sign(URL_AS_CONFIGURED), URL_AS_CONFIGURED.replace('effortless.', 'internal.'), params],
    [
      'a path prefix the proxy strips',
      sign('https://effortless.example.com/app/webhooks/twilio/sms'),
      URL_AS_CONFIGURED,
      params,
    ],
  ])('says "mismatch" for %s, naming TWILIO_AUTH_TOKEN and PUBLIC_URL', (_case, signature, url, p) => {
    const verdict = verifyTwilioRequest({ authToken: AUTH_TOKEN, signature, url, params: p });
    expect(verdict).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(verdict.ok ? '' : verdict.hint).toMatch(/TWILIO_AUTH_TOKEN[\s\S]*PUBLIC_URL[\s\S]*scheme, host, port/);
  });

  it("accepts the URL with or without the default port, as twilio's validateRequest does", () => {
    const signature = sign(URL_AS_CONFIGURED);
    const withPort = 'https://effortless.example.com:443/webhooks/twilio/sms';
    expect(verifyTwilioRequest({ authToken: AUTH_TOKEN, signature, url: withPort, params }).ok).toBe(true);
  });

  it('a query string is part of the signed URL', () => {
    const configured = `${URL_AS_CONFIGURED}?tenant=acme`;
    expect(
      verifyTwilioRequest({ authToken: AUTH_TOKEN, signature: sign(configured), url: configured, params }).ok,
    ).toBe(true);
    expect(
      verifyTwilioRequest({ authToken: AUTH_TOKEN, signature: sign(configured), url: URL_AS_CONFIGURED, params }).ok,
    ).toBe(false);
  });

  it('a malformed URL is a mismatch, not an exception', () => {
    expect(verifyTwilioRequest({ authToken: AUTH_TOKEN, signature: 'abc=', url: 'not a url', params }).ok).toBe(false);
  });
});

describe('signedUrlOf', () => {
  it('joins PUBLIC_URL and the original URL (path and query) without doubling the slash', () => {
    expect(signedUrlOf('https://effortless.example.com/', '/webhooks/twilio/sms?tenant=acme')).toBe(
      `${URL_AS_CONFIGURED}?tenant=acme`,
    );
    expect(signedUrlOf('https://example.com/app', '/webhooks/twilio/sms')).toBe(
      'https://example.com/app/webhooks/twilio/sms',
    );
  });
});
