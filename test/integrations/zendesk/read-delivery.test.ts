import { describe, expect, it } from 'vitest';
import { readZendeskDelivery } from '../../../integrations/zendesk/read-delivery.js';
import { isPermanentError, ZendeskPayloadError } from '../../../src/ports/errors.js';
import { readFixtureText } from './load-fixture.js';

describe('readZendeskDelivery', () => {
  it('names the ticket a stored event asks to sync', () => {
    expect(readZendeskDelivery(readFixtureText('webhooks/ticket-status-changed-solved.json'))).toMatchObject({
      kind: 'ticket',
      ticketId: 501,
      status: 'solved',
      snapshot: { id: 501, status: 'solved' },
    });
    expect(readZendeskDelivery(readFixtureText('webhooks/trigger-body.json'))).toMatchObject({ kind: 'ticket' });
  });

  it('passes on why an event is kept but ignored', () => {
    expect(readZendeskDelivery(readFixtureText('webhooks/user-active-changed.json'))).toEqual({
      kind: 'ignored',
      reason: 'not a ticket event: zen:event-type:user.active_changed',
    });
  });

  it.each([
    ['a body that is not JSON', 'ticket_id=501'],
    ['JSON that is not a Zendesk shape', '{"hello":"world"}'],
  ])('fails for good on %s', (_case, rawBody) => {
    let thrown: unknown;
    try {
      readZendeskDelivery(rawBody);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ZendeskPayloadError);
    expect(isPermanentError(thrown)).toBe(true);
  });
});
