import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import { createSlackStandIn, type SlackStandInOptions, type SlackState } from './slack.js';
import { createTwilioStandIn, type TwilioStandInOptions, type TwilioState } from './twilio.js';
import { createZendeskStandIn, type ZendeskStandInOptions, type ZendeskState } from './zendesk.js';

// One import for the orchestrator and the simulator.
export type { RecordedCall, CallListener } from './record-calls.js';
export type { Fault, FaultControls, FaultRequest, FaultRule } from './faults.js';
export type {
  BotUpdate,
  StandInAudit,
  StandInAuditEvent,
  StandInTicket,
  StandInUser,
  ZendeskState,
} from './zendesk.js';
export type { StandInSms, TwilioState } from './twilio.js';
export {
  buttonsOf,
  type SlackState,
  type StandInButton,
  type StandInSlackMessage,
  type StandInSlackUser,
} from './slack.js';

/** Each section is its stand-in's options; `delayMs` delays every answer (faults.ts). */
export interface StandInsOptions {
  zendesk: ZendeskStandInOptions;
  twilio: TwilioStandInOptions;
  slack: SlackStandInOptions;
}

export interface RunningStandIn<State> {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  state: State;
}

export interface StandIns {
  /** ZENDESK_URL = `zendesk.url`. */
  zendesk: RunningStandIn<ZendeskState>;
  /** TWILIO_API_URL = `twilio.url`. */
  twilio: RunningStandIn<TwilioState>;
  /** SLACK_API_URL = `${slack.url}/api/`. */
  slack: RunningStandIn<SlackState>;
  /** Closes the three servers, open keep-alive connections included. */
  stop(): Promise<void>;
}

/**
 * Starts the Zendesk, Twilio and Slack stand-ins, each on 127.0.0.1 with a port the OS
 * picks. They print nothing; what they were asked is in each `state.calls`, and each
 * `state.faults` turns delays and faults on and off while they run.
 */
export async function startStandIns(options: StandInsOptions): Promise<StandIns> {
  const servers: Server[] = [];
  const stop = () => Promise.all(servers.map(close)).then(() => undefined);
  try {
    const zendesk = createZendeskStandIn(options.zendesk);
    const twilio = createTwilioStandIn(options.twilio);
    const slack = createSlackStandIn(options.slack);
    const urls: string[] = [];
    for (const app of [zendesk.app, twilio.app, slack.app]) {
      const { server, url } = await listen(app);
      servers.push(server);
      urls.push(url);
    }
    const [zendeskUrl = '', twilioUrl = '', slackUrl = ''] = urls;
    return {
      zendesk: { url: zendeskUrl, state: zendesk.state },
      twilio: { url: twilioUrl, state: twilio.state },
      slack: { url: slackUrl, state: slack.state },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
