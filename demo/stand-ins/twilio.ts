import express from 'express';
import { CallLog, quietErrors, readBasicAuth, recordCalls } from './record-calls.js';
import { countSegments } from './sms-segments.js';

export interface TwilioStandInOptions {
  accountSid: string;
  authToken: string;
  /** Clock for `date_created` (ms); real time by default. */
  now?: () => number;
}

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

export type SmsListener = (message: StandInSms) => void;

/** Twilio's error body (the REST API's legacy error shape). */
export interface TwilioError {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export class TwilioState extends CallLog {
  readonly messages: StandInSms[] = [];
  /** Numbers that replied STOP: sending to them answers 400 with error 21610. */
  readonly optedOut = new Set<string>();
  private readonly smsListeners = new Set<SmsListener>();
  private counter = 0;

  constructor(readonly options: TwilioStandInOptions) {
    super();
  }

  /** Calls `listener` for every accepted message; returns a function that stops it. */
  onMessage(listener: SmsListener): () => void {
    this.smsListeners.add(listener);
    return () => void this.smsListeners.delete(listener);
  }

  /** Messages sent to `to`, oldest first. */
  messagesTo(to: string): StandInSms[] {
    return this.messages.filter((message) => message.to === to);
  }

  /** Deterministic SIDs: `SM` + a 32-digit hex counter, so a demo run reads the same every time. */
  nextSid(): string {
    this.counter += 1;
    return `SM${this.counter.toString(16).padStart(32, '0')}`;
  }

  accept(message: StandInSms): void {
    this.messages.push(message);
    for (const listener of this.smsListeners) {
      try {
        listener({ ...message });
      } catch {
        /* the simulator's listener must not break the answer */
      }
    }
  }
}

/**
 * A local Twilio REST API for the demo: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`
 * (form-encoded To, From or MessagingServiceSid, Body, StatusCallback; basic auth with
 * AccountSid:AuthToken) answers 201 with a Message resource, as twilio-node expects.
 * Failures answer Twilio's documented codes: 20003 (401, bad credentials), 20404 (unknown
 * path or another account), 21604/21602/21603 (To, Body, From missing), 21211 (To not a
 * phone number) and 21610 (400, the number is in `optedOut`).
 */
export function createTwilioStandIn(options: TwilioStandInOptions): { app: express.Express; state: TwilioState } {
  const state = new TwilioState(options);
  const now = options.now ?? Date.now;
  const app = express();
  app.disable('x-powered-by');
  app.use(recordCalls(state));
  app.use(express.urlencoded({ extended: false, limit: '100kb' }));

  app.use((req, res, next) => {
    const credentials = readBasicAuth(req.get('authorization'));
    if (credentials?.user === options.accountSid && credentials.password === options.authToken) return next();
    res.set('WWW-Authenticate', 'Basic realm="Twilio API"');
    res.status(401).json(twilioError(20003, 'Authenticate', 401));
  });

  app.post(/^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/, (req, res) => {
    const accountSid = (req.params as Record<string, string>)[0];
    if (accountSid !== options.accountSid) {
      res.status(404).json(twilioError(20404, `The requested resource ${req.path} was not found`, 404));
      return;
    }
    const form = (req.body ?? {}) as Record<string, unknown>;
    const text = (name: string) => (typeof form[name] === 'string' && form[name] !== '' ? (form[name] as string) : null);
    const [to, body, from, service] = [text('To'), text('Body'), text('From'), text('MessagingServiceSid')];
    const refuse = (code: number, message: string) => void res.status(400).json(twilioError(code, message, 400));
    if (!to) return refuse(21604, "A 'To' phone number is required.");
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return refuse(21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from && !service) return refuse(21603, "A 'From' phone number is required.");
    if (!body) return refuse(21602, 'Message body is required.');
    if (state.optedOut.has(to)) return refuse(21610, 'Attempt to send to unsubscribed recipient');

    const message: StandInSms = {
      sid: state.nextSid(),
      to,
      from: service ? null : from,
      messagingServiceSid: service,
      body,
      statusCallback: text('StatusCallback'),
      status: service ? 'accepted' : 'queued',
      numSegments: countSegments(body),
      createdAt: new Date(now()),
    };
    state.accept(message);
    res.status(201).json(messageResource(message, options.accountSid));
  });

  app.use((req, res) => void res.status(404).json(twilioError(20404, `The requested resource ${req.path} was not found`, 404)));
  app.use(quietErrors(() => ({ status: 400, body: twilioError(21100, 'Request body could not be read', 400) })));
  return { app, state };
}

export function twilioError(code: number, message: string, status: number): TwilioError {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** The Message resource as Create Message answers it (field set of the 2010 API's 201 example). */
function messageResource(message: StandInSms, accountSid: string): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}`;
  const date = rfc2822(message.createdAt);
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    body: message.body,
    date_created: date,
    date_sent: null,
    date_updated: date,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: '0',
    // A Messaging Service picks the sender later; Twilio answers "0" segments until then.
    num_segments: message.messagingServiceSid ? '0' : String(message.numSegments),
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: `${uri}/Media.json` },
    to: message.to,
    uri: `${uri}.json`,
  };
}

/** Twilio's dates: `Thu, 24 Aug 2023 05:01:45 +0000`. */
function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}
