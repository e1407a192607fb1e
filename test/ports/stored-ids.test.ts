import { describe, expect, it } from 'vitest';
import { INBOX_PROVIDERS, isInboxProvider } from '../../src/ports/inbox.js';
import { SLACK_ALERT, SURVEY_REPLY, SURVEY_SEND, ZENDESK_TICKET_UPDATE } from '../../src/ports/outbox.js';

// These strings are stored in the database; renaming one strands the rows already there.
describe('ids written to the database', () => {
  it('inbox providers', () => {
    expect(INBOX_PROVIDERS).toEqual(['zendesk', 'twilio-sms', 'twilio-status', 'slack', 'sunco']);
    expect(isInboxProvider('twilio-sms')).toBe(true);
    expect(isInboxProvider('twilio')).toBe(false);
  });

  it('outbox kinds', () => {
    expect([ZENDESK_TICKET_UPDATE, SURVEY_SEND, SLACK_ALERT, SURVEY_REPLY]).toEqual([
      'zendesk.ticket_update',
      'survey.send',
      'slack.alert',
      'survey.reply',
    ]);
  });
});
