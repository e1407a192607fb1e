import express from 'express';
import { injectFaults } from './faults.js';
import { CallLog, quietErrors, readBasicAuth, recordCalls } from './record-calls.js';
import { countSegments } from './sms-segments.js';
import { listMessages } from './twilio-messages-list.js';
import { messageResource, twilioError, twilioFaultBody, type StandInSms } from './twilio-shapes.js';

export { twilioError, type StandInSms, type TwilioError } from './twilio-shapes.js';

export interface TwilioStandInOptions {
  accountSid: string;
  authToken: string;
  /** Clock for `date_created` (ms); real time by default. */
  now?: () => number;
  /**
   * A message counts as sent (`status` sent, `date_sent` set) this long after it was
   * created; unset, it stays queued (or accepted) with no `date_sent`, as before delivery.
   */
  sentAfterMs?: number;
  /** Added before every answer (faults.ts); 0 by default. */
  delayMs?: number;
}

export type SmsListener = (message: StandInSms) => void;

export class TwilioState extends CallLog {
  readonly messages: StandInSms[] = [];
  /** Numbers that replied STOP: sending to them answers 400 with error 21610. */
  readonly optedOut = new Set<string>();
  private readonly smsListeners = new Set<SmsListener>();
  private counter = 0;

  constructor(readonly options: TwilioStandInOptions) {
    super();
    this.faults.delayMs = options.delayMs ?? 0;
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
 * A local Twilio REST API for the demo and the pipeline tests, with basic auth
 * (AccountSid:AuthToken):
 * - `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` (form-encoded To, From or
 *   MessagingServiceSid, Body, StatusCallback) answers 201 with a Message resource, as
 *   twilio-node expects. Failures answer Twilio's documented codes: 20003 (401, bad
 *   credentials), 20404 (unknown path or another account), 21604/21602/21603 (To, Body,
 *   From missing), 21211 (To not a phone number) and 21610 (400, the number is in `optedOut`).
 * - `GET` of the same path lists the messages (twilio-messages-list.ts), which is how the
 *   service finds an SMS an earlier try may have sent.
 * `state.faults` delays answers and injects hangs, resets, 5xx and 429s (faults.ts).
 */
export function createTwilioStandIn(options: TwilioStandInOptions): { app: express.Express; state: TwilioState } {
  const state = new TwilioState(options);
  const now = options.now ?? Date.now;
  const app = express();
  app.disable('x-powered-by');
  app.use(recordCalls(state));
  app.use(express.urlencoded({ extended: false, limit: '100kb' }));
  app.use(injectFaults(state.faults, twilioFaultBody));

  app.use((req, res, next) => {
    const credentials = readBasicAuth(req.get('authorization'));
    if (credentials?.user === options.accountSid && credentials.password === options.authToken) return next();
    res.set('WWW-Authenticate', 'Basic realm="Twilio API"');
    res.status(401).json(twilioError(20003, 'Authenticate', 401));
  });

  app.get(MESSAGES, (req, res) => {
    if (!ownAccount(req.params, options.accountSid)) return void res.status(404).json(notFound(req.path));
    const query = new URL(req.originalUrl, 'http://stand-in.invalid').searchParams;
    const { status, body } = listMessages(
      { accountSid: options.accountSid, messages: state.messages, sentAfterMs: options.sentAfterMs, nowMs: now() },
      query,
    );
    res.status(status).json(body);
  });

  app.post(MESSAGES, (req, res) => {
    if (!ownAccount(req.params, options.accountSid)) return void res.status(404).json(notFound(req.path));
    const form = (req.body ?? {}) as Record<string, unknown>;
    const text = (name: string) =>
      typeof form[name] === 'string' && form[name] !== '' ? (form[name] as string) : null;
    const [to, from, service] = [text('To'), text('From'), text('MessagingServiceSid')];
    // A WhatsApp Content template has no body of ours: Twilio renders it (here: its SID and variables).
    const content = text('ContentSid');
    const body = content ? `[template ${content}] ${text('ContentVariables') ?? '{}'}` : text('Body');
    const refuse = (code: number, message: string) => void res.status(400).json(twilioError(code, message, 400));
    if (!to) return refuse(21604, "A 'To' phone number is required.");
    if (!/^(whatsapp:)?\+[1-9]\d{6,14}$/.test(to))
      return refuse(21211, `The 'To' number ${to} is not a valid phone number.`);
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

  app.use((req, res) => void res.status(404).json(notFound(req.path)));
  app.use(quietErrors(() => ({ status: 400, body: twilioError(21100, 'Request body could not be read', 400) })));
  return { app, state };
}

const MESSAGES = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

function ownAccount(params: unknown, accountSid: string): boolean {
  return (params as Record<string, string>)[0] === accountSid;
}

function notFound(path: string) {
  return twilioError(20404, `The requested resource ${path} was not found`, 404);
}
