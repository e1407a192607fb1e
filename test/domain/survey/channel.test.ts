import { describe, expect, it } from 'vitest';
import { isLowScore, surveyChannelCandidates, type SurveyChannelInput } from '../../../src/domain/survey/channel.js';
import { SCALES, type SurveyKind } from '../../../src/domain/survey/survey.js';

const BASE: SurveyChannelInput = {
  customerChannels: ['email'],
  phone: '+31612345678',
  email: 'ann@example.com',
  ruleChannel: null,
  smsConfigured: true,
  slackConfigured: true,
};
const input = (overrides: Partial<SurveyChannelInput>): SurveyChannelInput => ({ ...BASE, ...overrides });

describe('surveyChannelCandidates', () => {
  it.each([
    { name: 'email case: Slack only', input: BASE, expected: ['slack'] },
    { name: 'SMS case', input: input({ customerChannels: ['sms'] }), expected: ['sms', 'slack'] },
    { name: 'voice case', input: input({ customerChannels: ['email', 'voice'] }), expected: ['sms', 'slack'] },
    { name: 'WhatsApp case', input: input({ customerChannels: ['whatsapp'] }), expected: ['sms', 'slack'] },
    {
      name: 'via type names from the export',
      input: input({ customerChannels: ['phone_call_inbound'] }),
      expected: ['sms', 'slack'],
    },
    { name: 'text_message via type', input: input({ customerChannels: ['text_message'] }), expected: ['sms', 'slack'] },
    { name: 'channel in capitals', input: input({ customerChannels: ['Voice'] }), expected: ['sms', 'slack'] },
    {
      name: 'native messaging alone is not a phone channel',
      input: input({ customerChannels: ['native_messaging'] }),
      expected: ['slack'],
    },
    {
      name: 'voice case without a phone',
      input: input({ customerChannels: ['voice'], phone: null }),
      expected: ['slack'],
    },
    {
      name: 'blank phone counts as none',
      input: input({ customerChannels: ['voice'], phone: '  ' }),
      expected: ['slack'],
    },
    {
      name: 'voice case, SMS not configured',
      input: input({ customerChannels: ['voice'], smsConfigured: false }),
      expected: ['slack'],
    },
    { name: 'no email', input: input({ customerChannels: ['voice'], email: null }), expected: ['sms'] },
    { name: 'Slack not configured, email case', input: input({ slackConfigured: false }), expected: [] },
    { name: 'no touches at all', input: input({ customerChannels: [] }), expected: ['slack'] },
    { name: 'rule asks SMS on an email case', input: input({ ruleChannel: 'sms' }), expected: ['sms', 'slack'] },
    {
      name: 'rule asks Slack on a voice case',
      input: input({ ruleChannel: 'slack', customerChannels: ['voice'] }),
      expected: ['slack', 'sms'],
    },
    {
      name: 'rule asks SMS but there is no phone',
      input: input({ ruleChannel: 'sms', phone: null }),
      expected: ['slack'],
    },
    {
      name: 'rule asks Slack but Slack is off',
      input: input({ ruleChannel: 'slack', slackConfigured: false, customerChannels: ['sms'] }),
      expected: ['sms'],
    },
    {
      name: 'nothing configured',
      input: input({ smsConfigured: false, slackConfigured: false, customerChannels: ['sms'] }),
      expected: [],
    },
  ] as Array<{ name: string; input: SurveyChannelInput; expected: string[] }>)(
    '$name -> $expected',
    ({ input, expected }) => {
      expect(surveyChannelCandidates(input)).toEqual(expected);
    },
  );
});

describe('isLowScore', () => {
  const cases: Array<{ kind: SurveyKind; low: number[] }> = [
    { kind: 'CES', low: [1, 2, 3] },
    { kind: 'CSAT', low: [1, 2] },
    { kind: 'NPS', low: [0, 1, 2, 3, 4, 5, 6] },
  ];
  it.each(cases)('$kind: low scores are $low', ({ kind, low }) => {
    const { min, max } = SCALES[kind];
    const scores = Array.from({ length: max - min + 1 }, (_, i) => min + i);
    expect(scores.filter((score) => isLowScore(kind, score))).toEqual(low);
  });
});
