import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import { createSlackStandIn, type SlackStandInOptions, type SlackState } from './slack.js';
import { createSuncoStandIn, type SuncoStandInOptions, type SuncoState } from './sunco.js';
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
export type { StandInChatMessage, SuncoState } from './sunco.js';
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
  /** Zendesk messaging's API; a stand-in with a fixed test key when not given. */
  sunco?: SuncoStandInOptions;
}

/** The Conversations app and API key the stand-in accepts when the caller names none. */
export const DEFAULT_SUNCO_STAND_IN: SuncoStandInOptions = Object.freeze({
  appId: '5ebee0975ac5304b664a12fa',
  keyId: 'app_5ebee0975ac5304b664a12fb',
  keySecret: 'stand-in-key-secret',
});

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
  /** SUNCO_API_URL = `sunco.url`. */
  sunco: RunningStandIn<SuncoState>;
  /** Closes the servers, open keep-alive connections included. */
  stop(): Promise<void>;
}

/**
 * Starts the Zendesk, Twilio, Slack and Sunshine Conversations stand-ins, each on 127.0.0.1 with a port the OS
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
    const sunco = createSuncoStandIn(options.sunco ?? DEFAULT_SUNCO_STAND_IN);
    const urls: string[] = [];
    for (const app of [zendesk.app, twilio.app, slack.app, sunco.app]) {
      const { server, url } = await listen(app);
      servers.push(server);
      urls.push(url);
    }
    const [zendeskUrl = '', twilioUrl = '', slackUrl = '', suncoUrl = ''] = urls;
    return {
      zendesk: { url: zendeskUrl, state: zendesk.state },
      twilio: { url: twilioUrl, state: twilio.state },
      slack: { url: slackUrl, state: slack.state },
      sunco: { url: suncoUrl, state: sunco.state },
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
