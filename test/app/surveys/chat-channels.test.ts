import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelSendError, OutcomeUnknownError } from '../../../src/ports/errors.js';
import type { Store } from '../../../src/ports/store.js';
import { openTestStore } from '../../support/store.js';
import { manualClock, PHONE, seedSolvedTicket, surveyHarness, surveySettings } from '../../support/survey-harness.js';

let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

// 14:00 in Amsterdam: outside quiet hours.
const AFTERNOON = '2026-03-02T13:00:00Z';
const CONVERSATION = 'f52b01137aa6c250bc7251fa';
const TEMPLATE = { contentSid: `HX${'b'.repeat(32)}`, variables: { '1': '{company}', '2': 'ticket {ticketId}' } };

/** A solved messaging case: its audits name the Conversations conversation, as Zendesk's ChatStartedEvent does. */
async function seedMessagingCase(at: Date, channels = ['email', 'native_messaging']) {
  await seedSolvedTicket(store, { at, channels });
  await store.tickets.replaceAudits(501, [
    {
      id: 1006,
      ticketId: 501,
      createdAt: new Date(at.getTime() - 60_000),
      authorId: 9001,
      channel: 'native_messaging',
      events: [{ kind: 'conversation', conversationId: CONVERSATION }],
    },
    // An agent answered in the chat: a real conversation (the survey rules ask for a public agent reply).
    {
      id: 1007,
      ticketId: 501,
      createdAt: new Date(at.getTime() - 30_000),
      authorId: 7002,
      channel: 'native_messaging',
      events: [{ kind: 'comment', authorId: 7002, public: true, voice: false }],
    },
  ]);
}

async function solve(h: ReturnType<typeof surveyHarness>, at: Date) {
  await h.events.emit({ type: 'ticket.solved', ticketId: 501, status: 'solved', at });
  await h.drainOutbox();
}

describe('Zendesk messaging', () => {
  it('asks in the case’s conversation with reply buttons, and records why that channel', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock);
    await seedMessagingCase(clock.now());
    await solve(h, clock.now());
    expect(h.sms.sent).toEqual([]);
    expect(h.messaging.posts).toHaveLength(1);
    const [post] = h.messaging.posts;
    expect(post!.conversationId).toBe(CONVERSATION);
    expect(post!.message!.text).toBe('Hoe makkelijk was het om je vraag afgehandeld te krijgen?');
    expect(post!.message!.replies.map((r) => r.label)).toEqual([
      '1 - Heel moeilijk',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7 - Heel makkelijk',
    ]);
    expect(await store.surveys.getByTicket(501)).toMatchObject({
      channel: 'messaging',
      address: CONVERSATION,
      status: 'sent',
      providerMessageId: 'msg1',
      channelReason: expect.stringMatching(/^the customer last used native_messaging on this case/),
    });
  });

  it('a low-score button asks what made it hard, in the chat; the next message is the verbatim', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock);
    await seedMessagingCase(clock.now());
    await solve(h, clock.now());
    const survey = (await store.surveys.getByTicket(501))!;
    const answer = { conversationId: CONVERSATION, receivedAt: clock.now() };
    await h.deps.store.atomically(() =>
      h.inboundFor().handleMessagingReply({
        ...answer,
        eventId: 'm1',
        text: '2',
        payload: `effortless:${survey.id}:2`,
      }),
    );
    // The same message delivered again queues no second reply.
    await h
      .inboundFor()
      .handleMessagingReply({ ...answer, eventId: 'm1', text: '2', payload: `effortless:${survey.id}:2` });
    await h.inboundFor().handleMessagingReply({
      ...answer,
      eventId: 'm2',
      text: 'Ik ben drie keer doorverbonden',
      payload: null,
    });
    await h.drainOutbox();
    expect(h.messaging.posts.map((p) => p.text).slice(1)).toEqual([
      'Vervelend om te horen. Wat maakte het lastig?',
      'Bedankt dat je dit met ons deelt. We gebruiken het om het makkelijker te maken.',
    ]);
    expect(await store.surveys.getByTicket(501)).toMatchObject({
      status: 'answered',
      score: 2,
      verbatim: 'Ik ben drie keer doorverbonden',
    });
    expect(h.zendeskUpdates).toHaveLength(2);
  });

  it('reads a typed score, and leaves any other message to the agents', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock);
    await seedMessagingCase(clock.now());
    await solve(h, clock.now());
    const base = { conversationId: CONVERSATION, payload: null, receivedAt: clock.now() };
    await h
      .inboundFor()
      .handleMessagingReply({ ...base, eventId: 'm1', text: 'Ik heb nog een vraag over mijn bestelling' });
    await h.drainOutbox();
    expect(h.messaging.posts).toHaveLength(1);
    expect((await store.surveys.getByTicket(501))!.status).toBe('sent');
    await h.inboundFor().handleMessagingReply({ ...base, eventId: 'm2', text: 'zes' });
    await h.drainOutbox();
    expect(h.messaging.posts.at(-1)!.text).toBe('Bedankt voor je antwoord!');
    expect((await store.surveys.getByTicket(501))!.score).toBe(6);
  });

  it('ignores a button of a survey that is not this conversation’s', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock);
    await seedMessagingCase(clock.now());
    await solve(h, clock.now());
    const survey = (await store.surveys.getByTicket(501))!;
    await h.inboundFor().handleMessagingReply({
      conversationId: 'another-conversation',
      eventId: 'm1',
      text: '1',
      payload: `effortless:${survey.id}:1`,
      receivedAt: clock.now(),
    });
    expect((await store.surveys.getByTicket(501))!.score).toBeNull();
  });

  it('after a post whose outcome is unknown, finds it instead of posting the question twice', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock);
    h.messaging.failWith.push(new OutcomeUnknownError('no answer within 15000 ms'));
    await seedMessagingCase(clock.now());
    await h.events.emit({ type: 'ticket.solved', ticketId: 501, status: 'solved', at: clock.now() });
    await h.drainOutbox();
    clock.advance(10 * 60_000);
    await h.drainOutbox();
    expect(h.messaging.posts).toHaveLength(1);
    expect(await store.surveys.getByTicket(501)).toMatchObject({ status: 'sent', providerMessageId: 'msg1' });
  });

  it('without a conversation on the case, falls back to the configured order', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock, surveySettings({ channelFallback: ['slack'] }));
    h.slack.users.set('ana@example.com', 'U123');
    await seedSolvedTicket(store, { at: clock.now(), channels: ['native_messaging'] });
    await solve(h, clock.now());
    expect(await store.surveys.getByTicket(501)).toMatchObject({
      channel: 'slack',
      channelReason: 'fallback order (messaging is off or has no address)',
    });
  });
});

describe('WhatsApp', () => {
  const whatsappCase = (clock: ReturnType<typeof manualClock>, lastMessageAgoMs: number) =>
    seedSolvedTicket(store, {
      at: new Date(clock.now().getTime() - lastMessageAgoMs + 3_600_000),
      channels: ['whatsapp'],
    });

  it('inside the 24-hour window sends a session message to whatsapp:+number', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock);
    await whatsappCase(clock, 2 * 3_600_000);
    await solve(h, clock.now());
    expect(h.sms.sent).toEqual([]);
    expect(h.whatsapp.sent).toHaveLength(1);
    expect(h.whatsapp.sent[0]).toMatchObject({ to: `whatsapp:${PHONE}`, template: undefined });
    expect(h.whatsapp.sent[0]!.body).toMatch(/^Hoe makkelijk was het/);
    expect(await store.surveys.getByTicket(501)).toMatchObject({ channel: 'whatsapp', status: 'sent' });
  });

  it('outside it sends the language’s approved template with its variables filled in', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock, surveySettings({ whatsappTemplates: { nl: { CES: TEMPLATE } } }));
    await whatsappCase(clock, 30 * 3_600_000);
    await solve(h, clock.now());
    expect(h.whatsapp.sent[0]!.template).toEqual({
      contentSid: TEMPLATE.contentSid,
      contentVariables: { '1': 'Acme Support', '2': 'ticket 501' },
    });
  });

  it('outside it with no template the survey fails with the reason, and nothing is sent', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock);
    await whatsappCase(clock, 30 * 3_600_000);
    await solve(h, clock.now());
    expect(h.whatsapp.sent).toEqual([]);
    const survey = await store.surveys.getByTicket(501);
    expect(survey!.status).toBe('failed');
    expect(survey!.deliveryError).toMatch(/no template for nl CES/);
  });

  it('a quick-reply button press is read from ButtonPayload; STOP opts the WhatsApp number out', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock);
    await whatsappCase(clock, 3_600_000);
    await solve(h, clock.now());
    const from = `whatsapp:${PHONE}`;
    const base = { from, optOutType: null, receivedAt: clock.now() };
    const pressed = await h
      .inboundFor()
      .handleSmsReply({ ...base, messageSid: 'SM1', body: 'Heel makkelijk', buttonPayload: '7' });
    expect(pressed.reply).toBe('Bedankt voor je antwoord!');
    expect((await store.surveys.getByTicket(501))!.score).toBe(7);
    await h.inboundFor().handleSmsReply({ ...base, messageSid: 'SM2', body: 'STOP' });
    expect(await store.optOuts.isOptedOut(from)).toBe(true);
  });

  it('a send that failed for good marks the survey failed', async () => {
    const clock = manualClock(AFTERNOON);
    const h = surveyHarness(store, clock);
    h.whatsapp.failWith.push(new ChannelSendError('Twilio HTTP 400 error 63016', { permanent: true, code: 63016 }));
    await whatsappCase(clock, 3_600_000);
    await solve(h, clock.now());
    expect((await store.surveys.getByTicket(501))!.status).toBe('failed');
  });
});
