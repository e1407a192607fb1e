import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { emptyDir, problemsOf } from './config-support.js';

const TWILIO = {
  TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'token',
  TWILIO_FROM: '+15017122661',
};
const SUNCO = {
  SUNCO_APP_ID: '5ebee0975ac5304b664a12fa',
  SUNCO_KEY_ID: 'app_5ebee0975ac5304b664a12fb',
  SUNCO_KEY_SECRET: 'a-long-key-secret',
  SUNCO_WEBHOOK_SECRET: 'a-long-webhook-secret',
};

function withConfigFile(json: unknown): string {
  const dir = emptyDir();
  writeFileSync(join(dir, 'effortless.config.json'), JSON.stringify(json));
  return dir;
}

describe('Zendesk messaging and WhatsApp settings', () => {
  it('are off without their variables, and the fallback order has its default', () => {
    const config = loadConfig({}, { cwd: emptyDir() });
    expect(config.sunco).toBeNull();
    expect(config.surveys.channelFallback).toEqual(['messaging', 'whatsapp', 'sms', 'slack']);
    expect(config.surveys.whatsappTemplates).toEqual({});
  });

  it('reads the Conversations key, app and webhook secret, with the default API URL', () => {
    expect(loadConfig(SUNCO, { cwd: emptyDir() }).sunco).toEqual({
      appId: SUNCO.SUNCO_APP_ID,
      keyId: SUNCO.SUNCO_KEY_ID,
      keySecret: SUNCO.SUNCO_KEY_SECRET,
      webhookSecret: SUNCO.SUNCO_WEBHOOK_SECRET,
      apiUrl: 'https://api.smooch.io',
    });
    const own = loadConfig({ ...SUNCO, SUNCO_API_URL: 'https://acme.zendesk.com/sc/' }, { cwd: emptyDir() });
    expect(own.sunco?.apiUrl).toBe('https://acme.zendesk.com/sc');
  });

  it('wants all four Conversations variables or none', () => {
    const { SUNCO_WEBHOOK_SECRET: _, ...withoutSecret } = SUNCO;
    expect(problemsOf(withoutSecret)).toEqual([
      'SUNCO_WEBHOOK_SECRET: missing; needed together with SUNCO_APP_ID, SUNCO_KEY_ID, SUNCO_KEY_SECRET',
    ]);
  });

  it('takes a whatsapp: sender with Twilio, and names a bad one or one without Twilio', () => {
    const config = loadConfig({ ...TWILIO, TWILIO_WHATSAPP_FROM: 'whatsapp:+15017122661' }, { cwd: emptyDir() });
    expect(config.twilio?.whatsappFrom).toBe('whatsapp:+15017122661');
    expect(loadConfig(TWILIO, { cwd: emptyDir() }).twilio?.whatsappFrom).toBeNull();
    expect(problemsOf({ ...TWILIO, TWILIO_WHATSAPP_FROM: '+15017122661' })).toEqual([
      'TWILIO_WHATSAPP_FROM: expected whatsapp: and an E.164 number, such as whatsapp:+31612345678',
    ]);
    expect(problemsOf({ TWILIO_WHATSAPP_FROM: 'whatsapp:+15017122661' })).toEqual([
      'TWILIO_WHATSAPP_FROM: needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM (the same account)',
    ]);
  });

  it('reads templates per language and kind and a fallback order from the config file', () => {
    const template = { contentSid: `HX${'c'.repeat(32)}`, variables: { '1': '{company}' } };
    const dir = withConfigFile({
      surveys: { channelFallback: ['sms', 'slack'], whatsappTemplates: { nl: { CES: template } } },
    });
    const config = loadConfig({}, { cwd: dir });
    expect(config.surveys.channelFallback).toEqual(['sms', 'slack']);
    expect(config.surveys.whatsappTemplates).toEqual({ nl: { CES: template } });
  });

  it('names a bad template SID, an unknown kind, an unknown or repeated channel', () => {
    const dir = withConfigFile({
      surveys: {
        channelFallback: ['sms', 'fax', 'sms'],
        whatsappTemplates: { nl: { CES: { contentSid: 'HX123' }, XYZ: { contentSid: `HX${'c'.repeat(32)}` } } },
      },
      // A rule may ask for the new channels.
    });
    const problems = problemsOf({}, dir).join('\n');
    expect(problems).toMatch(/surveys\.channelFallback\.1: /);
    expect(problems).toMatch(/surveys\.whatsappTemplates\.nl\.CES\.contentSid: expected a Content SID/);
    expect(problems).toMatch(/surveys\.whatsappTemplates\.nl: .*XYZ/);
    const rules = withConfigFile({ surveys: { rules: [{ when: {}, ask: 'CES', channel: 'messaging' }] } });
    expect(loadConfig({}, { cwd: rules }).surveys.rules[0]?.channel).toBe('messaging');
  });
});
