/** The Twilio REST API's JSON, as the stand-in answers it (2010-04-01 API, test/specs/twilio_api_v2010.json). */

/** One message the service asked Twilio to send, for the simulator. */
export interface StandInSms {
  sid: string;
  to: string;
  /** The sender number, or null when sent through a Messaging Service. */
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  /** The `StatusCallback` URL, where Twilio would report delivery; null when none was given. */
  statusCallback: string | null;
  /** `queued` when sent from a number, `accepted` through a Messaging Service (as Twilio starts them). */
  status: 'queued' | 'accepted';
  numSegments: number;
  createdAt: Date;
}

/** Twilio's error body (the REST API's legacy error shape). */
export interface TwilioError {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export function twilioError(code: number, message: string, status: number): TwilioError {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** The error body of an injected fault: Twilio's own codes for an outage and for too many requests. */
export function twilioFaultBody(status: number): TwilioError {
  if (status === 429) return twilioError(20429, 'Too Many Requests', 429);
  if (status === 503) return twilioError(20503, 'Service Unavailable', 503);
  return twilioError(20500, 'Internal Server Error', status);
}

/**
 * When a message counts as sent, on the stand-in's clock: `sentAfterMs` after it was
 * created, or never (null) when the option is unset, as with a message still queued.
 */
export function sentAt(message: StandInSms, sentAfterMs: number | undefined, nowMs: number): Date | null {
  if (sentAfterMs === undefined) return null;
  const at = message.createdAt.getTime() + sentAfterMs;
  return at <= nowMs ? new Date(at) : null;
}

/**
 * The Message resource as Create Message answers it (field set of the 2010 API's 201
 * example); the list serves the same resource, `sent` with its `date_sent` once it is.
 */
export function messageResource(
  message: StandInSms,
  accountSid: string,
  sent: Date | null = null,
): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}`;
  const date = rfc2822(message.createdAt);
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    body: message.body,
    date_created: date,
    date_sent: sent ? rfc2822(sent) : null,
    date_updated: sent ? rfc2822(sent) : date,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: '0',
    // A Messaging Service picks the sender later; Twilio answers "0" segments until then.
    num_segments: message.messagingServiceSid && !sent ? '0' : String(message.numSegments),
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: sent ? 'sent' : message.status,
    subresource_uris: { media: `${uri}/Media.json` },
    to: message.to,
    uri: `${uri}.json`,
  };
}

/** Twilio's dates: `Thu, 24 Aug 2023 05:01:45 +0000`. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}
