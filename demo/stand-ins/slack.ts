import express, { type Request, type Response } from 'express';
import { injectFaults } from './faults.js';
import { quietErrors, recordCalls } from './record-calls.js';
import {
  SlackState,
  type SlackBlockJson,
  type SlackStandInOptions,
  type StandInSlackMessage,
  type StandInSlackUser,
} from './slack-state.js';

export {
  buttonsOf,
  SlackState,
  type SlackBlockJson,
  type SlackStandInOptions,
  type StandInButton,
  type StandInSlackMessage,
  type StandInSlackUser,
} from './slack-state.js';

type Args = Record<string, unknown>;
type MethodResult = Record<string, unknown> | { error: string };
type Method = (state: SlackState, args: Args) => MethodResult;

/** Slack's longest message text (chat.postMessage: "truncated ... 40,000 characters"). */
const MAX_TEXT = 40_000;

/**
 * A local Slack Web API for the demo, at `${url}/api/` (SLACK_API_URL): chat.postMessage,
 * chat.update, users.lookupByEmail and conversations.open, the methods our service calls.
 * Arguments arrive form-encoded (what @slack/web-api sends; `blocks` as a JSON string) or as
 * JSON. Like Slack, every answer is HTTP 200 and failures are `{ ok: false, error }`:
 * `not_authed` without a token, `invalid_auth` for a wrong one, then each method's own
 * errors (`channel_not_found`, `users_not_found`, `message_not_found`, ...). Group DMs are
 * not modelled: conversations.open takes one user. `state.faults` delays answers and injects
 * hangs, resets, 5xx and 429s (faults.ts). conversations.history and conversations.replies
 * (the service's lookup after an unknown outcome) are not served yet: unknown_method.
 */
export function createSlackStandIn(options: SlackStandInOptions): { app: express.Express; state: SlackState } {
  const state = new SlackState(options);
  const app = express();
  app.disable('x-powered-by');
  app.use(recordCalls(state, ['token']));
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));
  app.use(express.json({ limit: '1mb' }));
  // Slack's 429 carries Retry-After and `ratelimited`; an outage is no Web API answer at all.
  app.use(
    injectFaults(state.faults, (status) =>
      status === 429 ? { ok: false, error: 'ratelimited' } : { ok: false, error: 'fatal_error' },
    ),
  );

  // Slack takes GET with query arguments too (the spec documents users.lookupByEmail as GET).
  const handle = (req: Request, res: Response) => {
    const name = String(req.params.method);
    const source: unknown = req.method === 'GET' ? req.query : req.body;
    const args: Args = typeof source === 'object' && source !== null ? (source as Args) : {};
    const token = bearer(req.get('authorization')) ?? (typeof args.token === 'string' ? args.token : null);
    const method = Object.hasOwn(METHODS, name) ? METHODS[name] : undefined;
    const result: MethodResult = !method
      ? { error: 'unknown_method', req_method: name }
      : !token
        ? { error: 'not_authed' }
        : token !== options.botToken
          ? { error: 'invalid_auth' }
          : method(state, args);
    res.json('error' in result ? { ok: false, ...result } : { ok: true, ...result });
  };
  app.route('/api/:method').get(handle).post(handle);

  app.use((_req, res) => void res.status(404).json({ ok: false, error: 'unknown_method' }));
  app.use(quietErrors(() => ({ status: 200, body: { ok: false, error: 'invalid_json' } })));
  return { app, state };
}

const METHODS: Record<string, Method> = {
  'users.lookupByEmail'(state, args) {
    const email = text(args.email);
    if (!email) return { error: 'invalid_arguments' };
    const user = state.userByEmail(email);
    return user ? { user: slackUser(user, state.teamId) } : { error: 'users_not_found' };
  },

  'conversations.open'(state, args) {
    const users = (text(args.users) ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    if (users.length === 0) return { error: 'users_list_not_supplied' };
    if (users.length > 1) return { error: 'method_not_supported_for_channel_type' };
    const dm = state.openDm(users[0] ?? '');
    if (!dm) return { error: 'user_not_found' };
    return dm.alreadyOpen ? { no_op: true, already_open: true, channel: { id: dm.id } } : { channel: { id: dm.id } };
  },

  'chat.postMessage'(state, args) {
    const channel = state.resolveChannel(text(args.channel) ?? '', true);
    if (!channel) return { error: 'channel_not_found' };
    const content = readContent(args);
    if ('error' in content) return content;
    const message = state.post(channel, content.text, content.blocks, text(args.thread_ts));
    return { channel, ts: message.ts, message: postedMessage(state, message) };
  },

  'chat.update'(state, args) {
    // chat.update takes channel ids only (a DM's D..., never a user id or a #name).
    const channel = text(args.channel) ?? '';
    const message = state.findMessage(channel, text(args.ts) ?? '');
    if (!message)
      return { error: state.resolveChannel(channel, false) === channel ? 'message_not_found' : 'channel_not_found' };
    if (message.user !== state.botUserId) return { error: 'cant_update_message' };
    const content = readContent(args);
    if ('error' in content) return content;
    state.update(message, content.text, content.blocks);
    return {
      channel,
      ts: message.ts,
      text: message.text,
      message: {
        text: message.text,
        user: message.user,
        ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
      },
    };
  },
};

function postedMessage(state: SlackState, message: StandInSlackMessage): Record<string, unknown> {
  return {
    bot_id: state.botId,
    type: 'message',
    text: message.text,
    user: message.user,
    ts: message.ts,
    team: state.teamId,
    ...(message.thread_ts ? { thread_ts: message.thread_ts, parent_user_id: state.botUserId } : {}),
    ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
  };
}

/** `text` and `blocks` of chat.postMessage / chat.update; one of them is required. */
function readContent(args: Args): { text: string; blocks: SlackBlockJson[] } | { error: string } {
  let blocks: unknown = args.blocks ?? [];
  if (typeof blocks === 'string') {
    try {
      blocks = JSON.parse(blocks);
    } catch {
      return { error: 'invalid_blocks_format' };
    }
  }
  if (
    !Array.isArray(blocks) ||
    !blocks.every((block) => typeof block === 'object' && block !== null && typeof block.type === 'string')
  ) {
    return { error: 'invalid_blocks_format' };
  }
  const body = typeof args.text === 'string' ? args.text : '';
  if (body.trim() === '' && blocks.length === 0) return { error: 'no_text' };
  if (body.length > MAX_TEXT) return { error: 'msg_too_long' };
  return { text: body, blocks: blocks as SlackBlockJson[] };
}

function slackUser(user: StandInSlackUser, teamId: string): Record<string, unknown> {
  const realName = user.realName ?? user.name;
  const tz = user.tz ?? 'UTC';
  return {
    id: user.id,
    team_id: teamId,
    name: user.name,
    deleted: false,
    color: '9f69e7',
    real_name: realName,
    tz,
    tz_label: zoneLabel(tz),
    tz_offset: zoneOffsetSeconds(tz),
    profile: {
      display_name: user.name,
      display_name_normalized: user.name,
      real_name: realName,
      real_name_normalized: realName,
      email: user.email,
      team: teamId,
    },
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: false,
    is_app_user: false,
    has_2fa: false,
    updated: 1_700_000_000,
  };
}

/** "Central European Standard Time", as Slack labels a zone. */
function zoneLabel(zone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'long' }).formatToParts(new Date());
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? zone;
}

/** The zone's offset from UTC now, in seconds (Slack's `tz_offset`). */
function zoneOffsetSeconds(zone: string): number {
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return Math.round((local - now.getTime()) / 1000);
}

function bearer(header: string | undefined): string | null {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
