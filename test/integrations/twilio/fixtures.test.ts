import { describe, expect, it } from 'vitest';
import { validateAgainstSpec } from '../../support/openapi.js';
import { loadFixture, MESSAGES_PATH, SPEC, specProblems } from './support.js';

const REST_FIXTURES: Array<{ file: string; status: number }> = [
  { file: 'message-create.json', status: 201 },
  { file: 'message-create-messaging-service.json', status: 201 },
  { file: 'error-21610.json', status: 400 },
  { file: 'error-21211.json', status: 400 },
  { file: 'error-20429.json', status: 429 },
  { file: 'error-20503.json', status: 503 },
];

describe('Twilio REST fixtures match twilio_api_v2010.json', () => {
  it.each(REST_FIXTURES)('POST Messages.json → $status rest/$file', ({ file, status }) => {
    expect(specProblems(status, loadFixture(`rest/${file}`))).toEqual([]);
  });

  it('the check is not vacuous: wrong types, a bad SID and a missing error key are reported', () => {
    const message = loadFixture('rest/message-create.json');
    message.sid = 'XX123';
    message.error_code = '21610';
    const problems = specProblems(201, message).join('\n');
    expect(problems).toMatch(/\/sid must match pattern/);
    expect(problems).toMatch(/\/error_code must be integer/);

    const error = loadFixture('rest/error-21610.json');
    error.code = 'unsubscribed';
    delete error.more_info;
    expect(specProblems(400, error).join('\n')).toMatch(/\/code must be integer[\s\S]*lacks more_info/);
    expect(specProblems(429, loadFixture('rest/error-21610.json'))).toEqual([
      'error body says status 400, HTTP says 429',
    ]);
  });

  it('CreateMessage itself documents no error body, which is why errors use the shared schema', () => {
    expect(validateAgainstSpec(SPEC, { method: 'POST', path: MESSAGES_PATH, status: 400, body: {} })).toEqual([
      '/2010-04-01/Accounts/{AccountSid}/Messages.json documents no JSON schema for status 400',
    ]);
  });
});

describe('Twilio webhook fixtures carry what the handlers read', () => {
  it.each(['inbound-sms.json', 'inbound-sms-stop.json'])('webhook/%s', (file) => {
    const params = loadFixture<Record<string, string>>(`webhook/${file}`);
    expect(params).toEqual(
      expect.objectContaining({
        MessageSid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
        From: expect.any(String),
        Body: expect.any(String),
      }),
    );
    expect(params.SmsSid).toBe(params.MessageSid);
    expect(Object.values(params).every((v) => typeof v === 'string')).toBe(true);
  });

  it.each(['status-delivered.json', 'status-undelivered-30003.json', 'status-failed-21610.json'])(
    'webhook/%s',
    (file) => {
      const params = loadFixture<Record<string, string>>(`webhook/${file}`);
      // The callbacks are about the message rest/message-create.json created.
      expect(params.MessageSid).toBe(loadFixture('rest/message-create.json').sid);
      expect(params.MessageStatus).toBe(params.SmsStatus);
      if (params.MessageStatus !== 'delivered') expect(params.ErrorCode).toMatch(/^\d+$/);
    },
  );
});
