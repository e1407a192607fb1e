import { describe, expect, it } from 'vitest';
import {
  chooseSurveyKind,
  DEFAULT_SURVEY_RULES,
  type JourneyTicket,
  type SurveyRule,
} from '../../../src/domain/survey/journey.js';

const TICKET: JourneyTicket = { tags: [], groupId: 10, formId: 20, type: 'question', channel: 'email' };
const ticket = (overrides: Partial<JourneyTicket>): JourneyTicket => ({ ...TICKET, ...overrides });

describe('chooseSurveyKind with the default rules', () => {
  it.each([
    { name: 'a plain support contact', ticket: ticket({}), kind: 'CES', matchedRule: null },
    { name: 'an order ticket', ticket: ticket({ tags: ['order'] }), kind: 'NPS', matchedRule: 1 },
    { name: 'a purchase ticket', ticket: ticket({ tags: ['vip', 'purchase'] }), kind: 'NPS', matchedRule: 1 },
    { name: 'a checkout ticket, tag in capitals', ticket: ticket({ tags: ['Checkout'] }), kind: 'NPS', matchedRule: 1 },
    {
      name: 'a complaint about an order stays CES',
      ticket: ticket({ tags: ['order', 'complaint'] }),
      kind: 'CES',
      matchedRule: 0,
    },
    { name: 'a complaint', ticket: ticket({ tags: ['complaint'] }), kind: 'CES', matchedRule: 0 },
    {
      name: 'a tag that only contains "order"',
      ticket: ticket({ tags: ['reorder_request'] }),
      kind: 'CES',
      matchedRule: null,
    },
  ])('$name -> $kind', ({ ticket, kind, matchedRule }) => {
    expect(chooseSurveyKind(ticket, DEFAULT_SURVEY_RULES)).toEqual({ kind, channel: null, matchedRule });
  });
});

describe('chooseSurveyKind with operator rules', () => {
  const rules: SurveyRule[] = [
    { when: { tags: ['billing'], types: ['Question'] }, ask: 'CSAT' },
    { when: { groupIds: [7, 8] }, ask: 'NPS', channel: 'slack' },
    { when: { formIds: [99] }, ask: 'CSAT' },
    { when: { channels: ['Voice', 'sms'] }, ask: 'CES', channel: 'sms' },
  ];
  it.each([
    {
      name: 'all conditions of a rule hold',
      ticket: ticket({ tags: ['billing'], type: 'question' }),
      expected: { kind: 'CSAT', channel: null, matchedRule: 0 },
    },
    {
      name: 'one condition fails',
      ticket: ticket({ tags: ['billing'], type: 'incident' }),
      expected: { kind: 'CES', channel: null, matchedRule: null },
    },
    {
      name: 'null type never matches a type condition',
      ticket: ticket({ tags: ['billing'], type: null }),
      expected: { kind: 'CES', channel: null, matchedRule: null },
    },
    {
      name: 'any listed group matches',
      ticket: ticket({ groupId: 8 }),
      expected: { kind: 'NPS', channel: 'slack', matchedRule: 1 },
    },
    {
      name: 'null group never matches',
      ticket: ticket({ groupId: null, formId: null }),
      expected: { kind: 'CES', channel: null, matchedRule: null },
    },
    { name: 'ticket form', ticket: ticket({ formId: 99 }), expected: { kind: 'CSAT', channel: null, matchedRule: 2 } },
    {
      name: 'channel, case-insensitive',
      ticket: ticket({ channel: 'VOICE' }),
      expected: { kind: 'CES', channel: 'sms', matchedRule: 3 },
    },
    {
      name: 'first match wins',
      ticket: ticket({ groupId: 7, formId: 99 }),
      expected: { kind: 'NPS', channel: 'slack', matchedRule: 1 },
    },
  ])('$name', ({ ticket, expected }) => {
    expect(chooseSurveyKind(ticket, rules)).toEqual(expected);
  });

  it.each([
    { name: 'no rules', rules: [] as SurveyRule[], expected: { kind: 'CES', channel: null, matchedRule: null } },
    {
      name: 'an empty when is a catch-all',
      rules: [{ when: {}, ask: 'CSAT' }] as SurveyRule[],
      expected: { kind: 'CSAT', channel: null, matchedRule: 0 },
    },
    {
      name: 'empty lists count as not given',
      rules: [{ when: { tags: [], groupIds: [] }, ask: 'NPS' }] as SurveyRule[],
      expected: { kind: 'NPS', channel: null, matchedRule: 0 },
    },
  ])('$name', ({ rules, expected }) => {
    expect(chooseSurveyKind(TICKET, rules)).toEqual(expected);
  });
});
