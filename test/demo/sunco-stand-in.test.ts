import { afterEach, describe, expect, it } from 'vitest';
import { createRateLimitGate } from '../../compose/integrations.js';
import { DEFAULT_SUNCO_STAND_IN, type StandIns } from '../../demo/stand-ins/start-stand-ins.js';
import { createSuncoMessagingSender } from '../../integrations/sunco/client.js';
import { chatSurveyMessage } from '../../src/domain/survey/chat-message.js';
import { resolveSurveyTexts } from '../../src/domain/survey/texts.js';
import { ChannelSendError } from '../../src/ports/errors.js';
import { answerErrors } from '../integrations/sunco/support.js';
import { captureLogs } from '../support/capture-logs.js';
import { fetchJson, start } from './stand-ins-support.js';

const CONVERSATION = 'c00000000000000000002712';
const TAG = { outboxId: 4, dedupeKey: 'survey.send:1:0' };

let standIns: StandIns | undefined;
afterEach(async () => {
  await standIns?.stop();
  standIns = undefined;
});

function sender(url: string, keySecret = DEFAULT_SUNCO_STAND_IN.keySecret) {
  return createSuncoMessagingSender({
    ...DEFAULT_SUNCO_STAND_IN,
    keySecret,
    apiUrl: url,
    timeoutMs: 2000,
    gate: createRateLimitGate(),
    logger: captureLogs().logger,
  });
}

describe('Sunshine Conversations stand-in', () => {
  it('takes the service’s posts, lists them back with their metadata, in the documented shapes', async () => {
    standIns = await start();
    const messaging = sender(standIns.sunco.url);
    const { messageId } = await messaging.postSurvey(
      CONVERSATION,
      chatSurveyMessage(1, 'CES', resolveSurveyTexts('en')),
      TAG,
    );
    expect(await messaging.findPosted(CONVERSATION, TAG, new Date(Date.now() - 60_000))).toEqual({
      messageId,
      postedAt: expect.any(Date),
    });
    expect(await messaging.findPosted('another', TAG, new Date(0))).toBeNull();
    const auth = `Basic ${Buffer.from(`${DEFAULT_SUNCO_STAND_IN.keyId}:${DEFAULT_SUNCO_STAND_IN.keySecret}`).toString('base64')}`;
    const path = `/v2/apps/${DEFAULT_SUNCO_STAND_IN.appId}/conversations/${CONVERSATION}/messages`;
    const listed = await fetchJson(`${standIns.sunco.url}${path}`, { headers: { authorization: auth } });
    expect(answerErrors('GET', 200, listed.body)).toEqual([]);
    const posted = await fetchJson(`${standIns.sunco.url}${path}`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ author: { type: 'business' }, content: { type: 'text', text: 'Thanks!' } }),
    });
    expect(posted.status).toBe(201);
    expect(answerErrors('POST', 201, posted.body)).toEqual([]);
    expect(standIns.sunco.state.messages.map((m) => m.content.text)).toEqual([
      'How easy was it to get your issue handled?',
      'Thanks!',
    ]);
  });

  it('refuses other credentials with 401, which the sender takes as final', async () => {
    standIns = await start();
    const error = await sender(standIns.sunco.url, 'wrong')
      .postText(CONVERSATION, 'x', TAG)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelSendError);
    expect((error as ChannelSendError).retryable).toBe(false);
    expect(standIns.sunco.state.messages).toEqual([]);
  });
});
