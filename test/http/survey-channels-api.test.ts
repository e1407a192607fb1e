import express from 'express';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SurveyChannel } from '../../src/domain/survey/survey.js';
import { createSurveyChannelsApi } from '../../src/http/survey-channels-api.js';
import type { Store } from '../../src/ports/store.js';
import { openTestStore } from '../support/store.js';
import { newSurvey } from '../support/new-survey.js';

let store: Store;
const NOW = new Date('2026-03-31T12:00:00Z');

beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

let nextTicket = 600;
/** A survey sent on `channel` at `sentAt`, answered with `score` (and a verbatim) when given. */
async function surveySent(channel: SurveyChannel, sentAt: Date, answer?: { score: number; verbatim?: string }) {
  const ticketId = nextTicket++;
  await store.tickets.upsertTicket(
    {
      id: ticketId,
      requesterId: 9001,
      status: 'solved',
      groupId: null,
      assigneeId: null,
      channel: 'web',
      tags: [],
      formId: null,
      type: null,
      subject: null,
      createdAt: sentAt,
      updatedAt: sentAt,
    },
    sentAt,
  );
  const survey = await store.surveys.upsertForTicket(
    newSurvey(ticketId, {
      customerId: 9001,
      channel,
      channelReason: 'test',
      status: 'sent',
      language: 'en',
      address: 'a',
      scheduledFor: sentAt,
      sentAt,
      groupId: null,
      assigneeId: null,
      effortIndex: null,
    }),
    sentAt,
  );
  if (answer)
    await store.surveys.update(
      survey.id,
      { status: 'answered', score: answer.score, verbatim: answer.verbatim ?? null, answeredAt: sentAt },
      sentAt,
    );
}

const day = (d: number) => new Date(Date.UTC(2026, 2, d, 10));

describe('GET /api/surveys/channels', () => {
  it('counts sent and answered surveys per channel, with the response rate, in the window', async () => {
    await surveySent('messaging', day(10), { score: 6 });
    await surveySent('messaging', day(11), { score: 2, verbatim: 'Three transfers' });
    await surveySent('messaging', day(12));
    await surveySent('whatsapp', day(12), { score: 7 });
    await surveySent('sms', day(13));
    await surveySent('sms', day(1), { score: 5 }); // before the window asked for
    const app = express().use(
      '/api',
      createSurveyChannelsApi(store, () => NOW),
    );
    const res = await request(app).get('/api/surveys/channels?since=2026-03-05').expect(200);
    expect(res.body).toEqual({
      since: '2026-03-05T00:00:00.000Z',
      until: NOW.toISOString(),
      channels: [
        { channel: 'sms', sent: 1, answered: 0, responseRate: 0, withVerbatim: 0 },
        { channel: 'slack', sent: 0, answered: 0, responseRate: null, withVerbatim: 0 },
        { channel: 'messaging', sent: 3, answered: 2, responseRate: 0.667, withVerbatim: 1 },
        { channel: 'whatsapp', sent: 1, answered: 1, responseRate: 1, withVerbatim: 0 },
      ],
    });
    // The default window is the last 30 days.
    const recent = await request(app).get('/api/surveys/channels').expect(200);
    expect(recent.body.since).toBe('2026-03-01T12:00:00.000Z');
  });

  it('refuses a date it cannot read or an empty range with 400', async () => {
    const app = express().use(
      '/api',
      createSurveyChannelsApi(store, () => NOW),
    );
    expect((await request(app).get('/api/surveys/channels?since=yesterday')).status).toBe(400);
    expect((await request(app).get('/api/surveys/channels?since=2026-03-10&until=2026-03-01')).status).toBe(400);
  });
});
