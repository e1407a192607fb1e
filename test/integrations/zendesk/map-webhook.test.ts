import { describe, expect, it } from 'vitest';
import { parseZendeskWebhook, TRIGGER_BODY_TEMPLATE, ZendeskPayloadError } from '../../../integrations/zendesk/map.js';
import { loadFixture } from './load-fixture.js';

describe('parseZendeskWebhook: event subscriptions', () => {
  it.each([
    [
      'ticket-created.json',
      'zen:event-type:ticket.created',
      'cbe4028c-7239-495d-b020-f22348516046',
      '2025-03-03T09:00:00.123Z',
      'new',
    ],
    [
      'ticket-status-changed-solved.json',
      'zen:event-type:ticket.status_changed',
      '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f',
      '2025-03-03T11:20:00.456Z',
      'solved',
    ],
    [
      'ticket-group-assignment-changed.json',
      'zen:event-type:ticket.group_assignment_changed',
      '0d2e4f6a-8b1c-4d3e-9f5a-7b9c1d3e5f7a',
      '2025-03-03T11:00:00.789Z',
      'open',
    ],
    [
      'ticket-agent-assignment-changed.json',
      'zen:event-type:ticket.agent_assignment_changed',
      '1e3f5a7b-9c2d-4e4f-8a6b-8c0d2e4f6a8b',
      '2025-03-03T11:00:00.789Z',
      'open',
    ],
    [
      'ticket-comment-added.json',
      'zen:event-type:ticket.comment_added',
      '2f4a6b8c-0d3e-4f5a-9b7c-9d1e3f5a7b9c',
      '2025-03-04T08:00:00.012Z',
      'open',
    ],
  ])('%s → ticket 501', (file, eventType, deliveryId, occurredAt, status) => {
    expect(parseZendeskWebhook(loadFixture(`webhooks/${file}`))).toMatchObject({
      kind: 'ticket',
      ticketId: 501,
      eventType,
      deliveryId,
      occurredAt: new Date(occurredAt),
      status,
      snapshot: { id: 501, status, requesterId: 9001 },
    });
  });

  it('reads the ticket the detail describes, ids as numbers and statuses lower case', () => {
    expect(parseZendeskWebhook(loadFixture('webhooks/ticket-comment-added.json'))).toMatchObject({
      snapshot: {
        id: 501,
        requesterId: 9001,
        status: 'open',
        groupId: 360002,
        assigneeId: 7002,
        channel: 'chat',
        tags: ['auto_ack', 'billing'],
        formId: 360010,
        type: 'question',
        subject: 'Invoice charged twice',
        brandId: 360020,
        organizationId: null,
        createdAt: new Date('2025-03-03T09:00:00Z'),
        updatedAt: new Date('2025-03-04T08:00:00Z'),
      },
    });
  });

  it('has no snapshot when the detail lacks what one needs, so the worker reads the ticket', () => {
    const body = loadFixture('webhooks/ticket-comment-added.json');
    delete (body.detail as Record<string, unknown>).updated_at;
    expect(parseZendeskWebhook(body)).toMatchObject({ ticketId: 501, status: 'open', snapshot: null });
  });

  it('takes the ticket id from detail.id when subject is absent, and status from event.current when detail has none', () => {
    const body = loadFixture('webhooks/ticket-status-changed-solved.json');
    delete body.subject;
    delete (body.detail as Record<string, unknown>).status;
    expect(parseZendeskWebhook(body)).toMatchObject({ ticketId: 501, status: 'solved' });
  });

  it('lowercases title-case statuses too', () => {
    const body = loadFixture('webhooks/ticket-status-changed-solved.json');
    (body.detail as Record<string, unknown>).status = 'Solved';
    expect(parseZendeskWebhook(body)).toMatchObject({ status: 'solved' });
  });

  it('ignores non-ticket events and ticket events that cannot change a timeline', () => {
    expect(parseZendeskWebhook(loadFixture('webhooks/user-active-changed.json'))).toEqual({
      kind: 'ignored',
      reason: 'not a ticket event: zen:event-type:user.active_changed',
    });
    const priority = { ...loadFixture('webhooks/ticket-created.json'), type: 'zen:event-type:ticket.priority_changed' };
    expect(parseZendeskWebhook(priority)).toMatchObject({ kind: 'ignored' });
  });

  it('refuses a ticket event that names no ticket', () => {
    const body = loadFixture('webhooks/ticket-created.json');
    delete body.subject;
    body.detail = {};
    expect(() => parseZendeskWebhook(body)).toThrow(ZendeskPayloadError);
  });
});

describe('parseZendeskWebhook: trigger bodies', () => {
  it('reads a rendered TRIGGER_BODY_TEMPLATE, with the invocation id as delivery id', () => {
    const body = loadFixture('webhooks/trigger-body.json');
    expect(parseZendeskWebhook(body, { invocationId: '8350205582' })).toEqual({
      kind: 'ticket',
      ticketId: 501,
      eventType: 'trigger',
      deliveryId: '8350205582',
      occurredAt: new Date('2025-03-04T08:30:00Z'),
      status: 'solved',
      snapshot: null,
    });
    expect(parseZendeskWebhook(body)).toMatchObject({ deliveryId: null });
  });

  it('the template is valid JSON whose keys are what the fixture instance carries', () => {
    const template = JSON.parse(TRIGGER_BODY_TEMPLATE) as Record<string, string>;
    expect(Object.keys(template).sort()).toEqual(Object.keys(loadFixture('webhooks/trigger-body.json')).sort());
    expect(template.ticket_id).toBe('{{ticket.id}}');
  });

  it('accepts a numeric ticket_id and tolerates empty optional placeholders', () => {
    expect(parseZendeskWebhook({ ticket_id: 42, status: '', updated_at: '' })).toMatchObject({
      ticketId: 42,
      status: null,
      occurredAt: null,
    });
  });

  it('explains an unrendered template (sent with "Test webhook")', () => {
    expect(() => parseZendeskWebhook(JSON.parse(TRIGGER_BODY_TEMPLATE))).toThrow(/unrendered placeholder/);
  });
});

describe('parseZendeskWebhook: not Zendesk at all', () => {
  it.each([
    ['null', null],
    ['an array', [1, 2]],
    ['a string', 'zen:event-type:ticket.created'],
    ['the signing docs example', { say: 'hello' }],
    ['another provider', { type: 'message', text: 'hi' }],
    ['a bad ticket id', { ticket_id: 'abc' }],
  ])('throws ZendeskPayloadError for %s', (_name, body) => {
    expect(() => parseZendeskWebhook(body)).toThrow(ZendeskPayloadError);
  });
});
