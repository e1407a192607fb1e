/**
 * The only place that knows Twilio's webhook parameter names.
 *
 * Inbound SMS ("Twilio's request to your incoming message Webhook URL"): form-encoded
 * MessageSid, SmsSid/SmsMessageSid (older names, same value), AccountSid,
 * MessagingServiceSid, From, To, Body, NumMedia, NumSegments, geographic FromCity, ToState and similar fields,
 * and OptOutType (STOP, START, HELP) only when the number is in a Messaging Service with
 * Advanced Opt-Out on. WhatsApp messages come the same way with `whatsapp:+E164` in From and
 * To; a quick-reply button press adds ButtonPayload (the button's id) and ButtonText (its
 * title, also sent as Body). Status callbacks add MessageStatus and, for failed or undelivered
 * messages, ErrorCode. Twilio adds parameters without notice, so unknown ones are kept.
 */
export type FormParams = Record<string, string | string[]>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; missing: string[] };

export interface InboundSms {
  messageSid: string;
  from: string;
  body: string;
  optOutType: string | null;
  /** WhatsApp quick-reply button press: the button's id (`ButtonPayload`); its title comes as `Body`. */
  buttonPayload: string | null;
}

export interface SmsStatus {
  messageSid: string;
  status: string;
  errorCode: string | null;
}

/** `express.urlencoded` output, or nothing when the body was not form-encoded. */
export function formParamsOf(body: unknown): FormParams {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  const params: FormParams = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string') params[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) params[key] = value as string[];
  }
  return params;
}

/** A single value; a repeated key (never sent by Twilio for these fields) counts as its first value. */
function one(params: FormParams, key: string): string | null {
  const value = params[key];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? null : text;
}

export function parseInboundSms(params: FormParams): Parsed<InboundSms> {
  const messageSid = one(params, 'MessageSid');
  const from = one(params, 'From');
  if (!messageSid || !from) return { ok: false, missing: missing({ MessageSid: messageSid, From: from }) };
  // Body is empty for an MMS with only media; that is still a reply.
  return {
    ok: true,
    value: {
      messageSid,
      from,
      body: one(params, 'Body') ?? '',
      optOutType: one(params, 'OptOutType'),
      buttonPayload: one(params, 'ButtonPayload'),
    },
  };
}

export function parseSmsStatus(params: FormParams): Parsed<SmsStatus> {
  const messageSid = one(params, 'MessageSid');
  const status = one(params, 'MessageStatus');
  if (!messageSid || !status) return { ok: false, missing: missing({ MessageSid: messageSid, MessageStatus: status }) };
  return { ok: true, value: { messageSid, status, errorCode: one(params, 'ErrorCode') } };
}

function missing(fields: Record<string, string | null>): string[] {
  return Object.entries(fields)
    .filter(([, value]) => value === null)
    .map(([key]) => key);
}
