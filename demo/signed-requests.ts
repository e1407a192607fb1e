/**
 * How the simulated outside world calls the service: every request signed exactly as
 * Zendesk, Twilio and Slack sign theirs, so the demo goes through the real verification.
 */
import { createHmac } from 'node:crypto';
import twilio from 'twilio';
import { signZendeskPayload } from '../integrations/zendesk/verify.js';

export interface DemoSecrets {
  zendeskWebhookSecret: string;
  twilioAuthToken: string;
  slackSigningSecret: string;
  /** SUNCO_WEBHOOK_SECRET: sent as `X-API-Key`, as Conversations does. */
  suncoWebhookSecret: string;
}

async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', body, headers });
  return { status: response.status, text: await response.text() };
}

function ensureOk(what: string, result: { status: number; text: string }): { status: number; text: string } {
  if (result.status >= 300) throw new Error(`demo: ${what} answered ${result.status}: ${result.text.slice(0, 200)}`);
  return result;
}

/** A Zendesk webhook, signed with the service's clock time (it refuses stale timestamps). */
export async function postZendeskWebhook(serviceUrl: string, secrets: DemoSecrets, payload: unknown, at: Date) {
  const body = JSON.stringify(payload);
  const timestamp = at.toISOString().replace(/\.\d+Z$/, 'Z');
  return ensureOk(
    'POST /webhooks/zendesk',
    await post(`${serviceUrl}/webhooks/zendesk`, body, {
      'Content-Type': 'application/json',
      'X-Zendesk-Webhook-Signature': signZendeskPayload(secrets.zendeskWebhookSecret, timestamp, body),
      'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
    }),
  );
}

/** An inbound SMS, signed against PUBLIC_URL + path with the twilio package's own function. */
export async function postInboundSms(
  serviceUrl: string,
  publicUrl: string,
  secrets: DemoSecrets,
  params: Record<string, string>,
) {
  const signature = twilio.getExpectedTwilioSignature(
    secrets.twilioAuthToken,
    `${publicUrl}/webhooks/twilio/sms`,
    params,
  );
  return ensureOk(
    'POST /webhooks/twilio/sms',
    await post(`${serviceUrl}/webhooks/twilio/sms`, new URLSearchParams(params).toString(), {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': signature,
    }),
  );
}

/** A Conversations webhook payload (`conversation:message` events), with the webhook's secret as `X-API-Key`. */
export async function postSuncoWebhook(serviceUrl: string, secrets: DemoSecrets, payload: unknown) {
  return ensureOk(
    'POST /webhooks/sunco',
    await post(`${serviceUrl}/webhooks/sunco`, JSON.stringify(payload), {
      'Content-Type': 'application/json',
      'X-API-Key': secrets.suncoWebhookSecret,
    }),
  );
}

/** An interactivity payload (a button press), signed per Slack's "Verifying requests from Slack". */
export async function postSlackInteraction(serviceUrl: string, secrets: DemoSecrets, payload: unknown) {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000)); // Bolt checks against the real time
  const signature = `v0=${createHmac('sha256', secrets.slackSigningSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return ensureOk(
    'POST /slack/events',
    await post(`${serviceUrl}/slack/events`, body, {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Slack-Request-Timestamp': timestamp,
      'X-Slack-Signature': signature,
    }),
  );
}
