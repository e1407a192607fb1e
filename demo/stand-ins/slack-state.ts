import { CallLog } from './record-calls.js';

export interface SlackStandInOptions {
  /** The bot token (xoxb-...) the service sends as `Authorization: Bearer`. */
  botToken: string;
  /** Channel name (with or without `#`) → channel id (`C...`, at least 9 characters as Slack's are). */
  channels: Record<string, string>;
  /** The bot's user id, bot id and workspace, as messages carry them. */
  botUserId?: string;
  botId?: string;
  teamId?: string;
  /** Clock for message timestamps (ms); real time by default. */
  now?: () => number;
  /** Added before every answer (faults.ts); 0 by default. */
  delayMs?: number;
}

export interface StandInSlackUser {
  /** `U...` or `W...` */
  id: string;
  email: string;
  /** Display name, e.g. `spengler`. */
  name: string;
  realName?: string;
  /** IANA zone. */
  tz?: string;
}

/** A Block Kit block as sent (`type` plus whatever the block carries). */
export type SlackBlockJson = { type: string; block_id?: string } & Record<string, unknown>;

export interface StandInSlackMessage {
  /** Channel id (`C...` or a DM's `D...`). */
  channel: string;
  ts: string;
  /** The root message's ts for a reply in a thread. */
  thread_ts: string | null;
  /** Current text and blocks: the latest chat.update wins. */
  text: string;
  blocks: SlackBlockJson[];
  user: string;
  postedAt: Date;
  /** Earlier versions, oldest first; empty until the message is updated. */
  history: Array<{ text: string; blocks: SlackBlockJson[]; replacedAt: Date }>;
}

/** A button of a message's actions blocks, as a block_actions payload would name it. */
export interface StandInButton {
  block_id: string;
  action_id: string;
  value: string | null;
  text: string;
}

/**
 * The Slack workspace in memory: a user directory, the channels the service may post to,
 * the DMs it opened and every message it posted, at its latest version.
 */
export class SlackState extends CallLog {
  readonly messages: StandInSlackMessage[] = [];
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  private readonly users = new Map<string, StandInSlackUser>();
  private readonly dms = new Map<string, string>();
  private readonly channels: Map<string, string>;
  private readonly now: () => number;
  private lastMicros = 0;
  private blockCounter = 0;

  constructor(readonly options: SlackStandInOptions) {
    super();
    this.botUserId = options.botUserId ?? 'U0EFFORTLS';
    this.botId = options.botId ?? 'B0EFFORTLS';
    this.teamId = options.teamId ?? 'T0EFFDEMO1';
    this.now = options.now ?? Date.now;
    this.channels = new Map(Object.entries(options.channels).map(([name, id]) => [name.replace(/^#/, ''), id]));
    this.faults.delayMs = options.delayMs ?? 0;
  }

  putUser(user: StandInSlackUser): void {
    this.users.set(user.id, { ...user });
  }

  userByEmail(email: string): StandInSlackUser | null {
    const wanted = email.trim().toLowerCase();
    for (const user of this.users.values()) if (user.email.toLowerCase() === wanted) return { ...user };
    return null;
  }

  /** The DM channel id of `userId` (`D` + the user id: the same user always gets the same DM); null for an unknown user. */
  openDm(userId: string): { id: string; alreadyOpen: boolean } | null {
    if (!this.users.has(userId)) return null;
    const existing = this.dms.get(userId);
    if (existing) return { id: existing, alreadyOpen: true };
    const id = `D${userId.toUpperCase()}`.padEnd(9, '0');
    this.dms.set(userId, id);
    return { id, alreadyOpen: false };
  }

  /** The DM opened with `userId`, or null while none is. */
  dmChannelOf(userId: string): string | null {
    return this.dms.get(userId) ?? null;
  }

  /**
   * The channel id a message to `channel` lands in: a configured name (`#leads`, `leads`)
   * or id, an opened DM, or a user id (Slack posts that to the app's DM with the user).
   */
  resolveChannel(channel: string, allowUser: boolean): string | null {
    const key = channel.trim().replace(/^#/, '');
    const named = this.channels.get(key);
    if (named) return named;
    if ([...this.channels.values(), ...this.dms.values()].includes(key)) return key;
    if (allowUser && /^[UW]/.test(key)) return this.openDm(key)?.id ?? null;
    return null;
  }

  /** Messages in a channel (id or configured name), oldest first; thread replies included. */
  messagesIn(channel: string): StandInSlackMessage[] {
    const id = this.resolveChannel(channel, false) ?? channel;
    return this.messages.filter((message) => message.channel === id);
  }

  /** Messages in the DM with `userId` (surveys), oldest first. */
  dmsTo(userId: string): StandInSlackMessage[] {
    const dm = this.dms.get(userId);
    return dm ? this.messagesIn(dm) : [];
  }

  findMessage(channel: string, ts: string): StandInSlackMessage | null {
    return this.messages.find((message) => message.channel === channel && message.ts === ts) ?? null;
  }

  post(channel: string, text: string, blocks: SlackBlockJson[], threadTs: string | null): StandInSlackMessage {
    const message: StandInSlackMessage = {
      channel,
      ts: this.nextTs(),
      thread_ts: threadTs,
      text,
      blocks: this.withBlockIds(blocks),
      user: this.botUserId,
      postedAt: new Date(),
      history: [],
    };
    this.messages.push(message);
    return message;
  }

  update(message: StandInSlackMessage, text: string, blocks: SlackBlockJson[]): void {
    message.history.push({ text: message.text, blocks: message.blocks, replacedAt: new Date() });
    message.text = text;
    message.blocks = this.withBlockIds(blocks);
  }

  /** Slack timestamps: `seconds.micros`, strictly increasing even within one millisecond. */
  private nextTs(): string {
    this.lastMicros = Math.max(Math.floor(this.now()) * 1000, this.lastMicros + 1);
    return `${Math.floor(this.lastMicros / 1e6)}.${String(this.lastMicros % 1e6).padStart(6, '0')}`;
  }

  /** Slack gives every block without a `block_id` one of its own. */
  private withBlockIds(blocks: SlackBlockJson[]): SlackBlockJson[] {
    return blocks.map((block) =>
      block.block_id ? { ...block } : { ...block, block_id: (this.blockCounter++).toString(36).padStart(4, '0') },
    );
  }
}

/** The buttons of a message (survey scores, Acknowledge), in block order. */
export function buttonsOf(message: Pick<StandInSlackMessage, 'blocks'>): StandInButton[] {
  return message.blocks.flatMap((block) => {
    const elements =
      block.type === 'actions' && Array.isArray(block.elements)
        ? (block.elements as Array<Record<string, unknown>>)
        : [];
    return elements
      .filter((element) => element.type === 'button')
      .map((element) => ({
        block_id: block.block_id ?? '',
        action_id: String(element.action_id ?? ''),
        value: typeof element.value === 'string' ? element.value : null,
        text: String((element.text as { text?: unknown } | undefined)?.text ?? ''),
      }));
  });
}
