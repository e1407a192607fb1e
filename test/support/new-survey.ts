import type { NewSurvey } from '../../src/ports/survey-store.js';

/** A scheduled CES survey by SMS for the ticket (Dutch, customer 7), to override per test. */
export function newSurvey(ticketId: number, overrides: Partial<NewSurvey> = {}): NewSurvey {
  return {
    ticketId,
    customerId: 7,
    kind: 'CES',
    channel: 'sms',
    channelReason: null,
    status: 'scheduled',
    skipRule: null,
    skipReason: null,
    language: 'nl',
    address: '+31612345678',
    scheduledFor: new Date('2026-03-02T10:00:00Z'),
    sentAt: null,
    providerMessageId: null,
    slackChannel: null,
    deliveryStatus: null,
    deliveryError: null,
    score: null,
    comment: null,
    verbatim: null,
    answeredAt: null,
    groupId: 1,
    assigneeId: 2,
    effortIndex: 40,
    ...overrides,
  };
}
