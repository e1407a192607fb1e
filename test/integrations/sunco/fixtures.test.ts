import { describe, expect, it } from 'vitest';
import { chatSurveyMessage } from '../../../src/domain/survey/chat-message.js';
import { resolveSurveyTexts } from '../../../src/domain/survey/texts.js';
import { answerErrors, loadSuncoFixture, messagePostErrors, webhookPayloadErrors } from './support.js';

// Every Conversations shape the tests use is checked against the official description.
describe('Sunshine Conversations fixtures', () => {
  it.each([
    'webhook/conversation-message-reply-button.json',
    'webhook/conversation-message-text.json',
    'webhook/conversation-message-business.json',
    'webhook/conversation-postback.json',
  ])('%s is a documented webhook payload', (name) => {
    expect(webhookPayloadErrors(loadSuncoFixture(name))).toEqual([]);
  });

  it('the Post Message and List Messages answers are documented ones', () => {
    expect(answerErrors('POST', 201, loadSuncoFixture('rest/message-post-created.json'))).toEqual([]);
    expect(answerErrors('GET', 200, loadSuncoFixture('rest/list-messages.json'))).toEqual([]);
  });

  it('the validator rejects what the description forbids, so the checks above can fail', () => {
    expect(messagePostErrors({ content: { type: 'text', text: 'no author' } })).not.toEqual([]);
    expect(messagePostErrors({ author: { type: 'robot' }, content: { type: 'text', text: 'x' } })).not.toEqual([]);
    expect(answerErrors('POST', 201, { messages: 'not a list' })).not.toEqual([]);
    const reply = (action: Record<string, string>) =>
      messagePostErrors({ author: { type: 'business' }, content: { type: 'text', text: 'q', actions: [action] } });
    expect(reply({ type: 'reply', text: '1', payload: 'effortless:1:1' })).toEqual([]);
    expect(reply({ type: 'reply', text: '1' })).not.toEqual([]);
    expect(reply({ type: 'button', text: '1', payload: 'p' })).not.toEqual([]);
  });

  it('our survey question is a documented text message with reply actions', () => {
    const message = chatSurveyMessage(1, 'CES', resolveSurveyTexts('en'));
    const body = {
      author: { type: 'business' },
      content: {
        type: 'text',
        text: message.text,
        actions: message.replies.map((r) => ({ type: 'reply', text: r.label, payload: r.payload })),
      },
      metadata: { effortless_outbox_id: '2', effortless_outbox_key: 'survey.send:1:0' },
    };
    expect(messagePostErrors(body)).toEqual([]);
  });
});
