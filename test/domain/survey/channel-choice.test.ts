import { describe, expect, it } from 'vitest';
import {
  chooseSurveyChannels,
  surveyChannelOfVia,
  type ChannelChoiceInput,
} from '../../../src/domain/survey/channel-choice.js';

const ALL_ON = { sms: true, slack: true, messaging: true, whatsapp: true };
const at = (minute: number) => new Date(Date.UTC(2026, 2, 10, 9, minute));
const touches = (...channels: string[]) => channels.map((channel, i) => ({ channel, at: at(i) }));

const BASE: ChannelChoiceInput = {
  customerTouches: touches('email'),
  phone: '+31612345678',
  email: 'ann@example.com',
  conversationId: 'f52b01137aa6c250bc7251fa',
  rule: null,
  configured: ALL_ON,
};
const choose = (overrides: Partial<ChannelChoiceInput>) => chooseSurveyChannels({ ...BASE, ...overrides });
const channels = (overrides: Partial<ChannelChoiceInput>) => choose(overrides).map((c) => c.channel);

describe('chooseSurveyChannels', () => {
  it('asks on the channel the customer used last, then the fallback order', () => {
    expect(channels({ customerTouches: touches('native_messaging', 'whatsapp') })).toEqual([
      'whatsapp',
      'messaging',
      'sms',
      'slack',
    ]);
    expect(channels({ customerTouches: touches('whatsapp', 'native_messaging') })).toEqual([
      'messaging',
      'whatsapp',
      'sms',
      'slack',
    ]);
    expect(channels({ customerTouches: touches('voice', 'email') })).toEqual(['sms', 'messaging', 'whatsapp', 'slack']);
  });

  it('records why each channel is on the list', () => {
    const [first, second] = choose({ customerTouches: touches('email', 'Native_Messaging', 'email') });
    expect(first).toEqual({
      channel: 'messaging',
      reason: `the customer last used native_messaging on this case (${at(1).toISOString()})`,
    });
    expect(second).toEqual({ channel: 'slack', reason: 'fallback order (after messaging)' });
  });

  it('puts a journey rule first when its channel can be used', () => {
    const [first] = choose({ customerTouches: touches('native_messaging'), rule: { channel: 'sms', number: 2 } });
    expect(first).toEqual({ channel: 'sms', reason: 'journey rule 2 asks for sms' });
    // A rule's SMS needs no phone touch; the fallback's does.
    expect(channels({ rule: { channel: 'whatsapp', number: 1 } })).toEqual(['whatsapp', 'messaging', 'slack']);
  });

  it('falls back when the last-used channel is off or has no address, and says so', () => {
    const off = choose({ customerTouches: touches('whatsapp'), configured: { ...ALL_ON, whatsapp: false } });
    expect(off.map((c) => c.channel)).toEqual(['messaging', 'sms', 'slack']);
    expect(off[0]!.reason).toBe('fallback order (whatsapp is off or has no address)');
    expect(channels({ customerTouches: touches('native_messaging'), conversationId: null })).toEqual(['slack']);
  });

  it('sends no text message out of the blue: SMS and WhatsApp only after a phone touch', () => {
    expect(channels({ conversationId: null })).toEqual(['slack']);
    expect(choose({ conversationId: null })[0]!.reason).toBe('fallback order (the case used no channel we ask on)');
    expect(channels({ conversationId: null, email: null })).toEqual([]);
  });

  it('follows the configured fallback order', () => {
    expect(channels({ customerTouches: touches('sms'), fallback: ['slack', 'sms'] })).toEqual(['sms', 'slack']);
    expect(channels({ customerTouches: touches('email', 'phone_call_inbound'), fallback: ['slack'] })).toEqual([
      'sms',
      'slack',
    ]);
    expect(channels({ fallback: [] })).toEqual([]);
  });
});

describe('surveyChannelOfVia', () => {
  it.each([
    ['native_messaging', 'messaging'],
    ['whatsapp', 'whatsapp'],
    ['text_message', 'sms'],
    ['voicemail', 'sms'],
    [' SMS ', 'sms'],
    ['email', null],
    ['chat', null],
    ['web', null],
  ])('%s -> %s', (via, expected) => {
    expect(surveyChannelOfVia(via)).toBe(expected);
  });
});
