/**
 * The choices behind the effort drivers that a support center may want to make its own:
 * when a change of owner is a handoff, which channels count as the same way of reaching us,
 * and what makes another ticket a repeat contact. docs/drivers.md explains each default.
 */

/**
 * `after-engagement`: assignments made before the owner engaged (a public reply, a call,
 * or a status they set) only choose the starting owner; a handoff is a move away from an
 * owner who had engaged. `any-change`: every move to a different owner is a handoff.
 */
export type HandoffRule = 'after-engagement' | 'any-change';

/** `any`: every other ticket of the requester in the window; `form`: same ticket form; `tags`: a shared configured tag. */
export type RepeatTopicRule = 'any' | 'form' | 'tags';

export interface RepeatContactDefinition {
  windowDays: number;
  sameTopic: RepeatTopicRule;
  /** The tags that name a topic when `sameTopic` is `tags`. */
  tags: readonly string[];
}

export interface DriverDefinitions {
  handoffs: HandoffRule;
  /** Family name -> Zendesk `via.channel` values; a channel in no family is a family of its own. */
  channelFamilies: Readonly<Record<string, readonly string[]>>;
  repeatContact: RepeatContactDefinition;
}

/**
 * A customer who writes a web form and then answers our email is still writing; moving from
 * writing to a phone call or to a chat is a switch. Names are Zendesk via types/channels.
 */
export const DEFAULT_CHANNEL_FAMILIES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  written: ['email', 'mail', 'web', 'web_form', 'web_widget', 'api', 'web_service', 'mobile_sdk', 'mobile'],
  voice: ['voice', 'voicemail', 'phone_call_inbound', 'phone_call_outbound'],
  'chat-messaging': ['chat', 'chat_transcript', 'native_messaging', 'messaging'],
  'sms-whatsapp': ['sms', 'text_message', 'whatsapp'],
  social: [
    'twitter',
    'twitter_dm',
    'facebook',
    'facebook_post',
    'facebook_message',
    'messenger',
    'instagram_dm',
    'line',
    'wechat',
    'telegram',
    'viber',
  ],
});

export const DEFAULT_DRIVER_DEFINITIONS: DriverDefinitions = Object.freeze({
  handoffs: 'after-engagement',
  channelFamilies: DEFAULT_CHANNEL_FAMILIES,
  repeatContact: Object.freeze({ windowDays: 7, sameTopic: 'any', tags: [] }),
});

/** Partial definitions as read from configuration. */
export interface DriverDefinitionsOverride {
  handoffs?: HandoffRule;
  channelFamilies?: Record<string, readonly string[]>;
  repeatContact?: Partial<RepeatContactDefinition>;
}

/**
 * Defaults overlaid with configuration. A configured family replaces that family's list, and
 * its channels leave the default families they were in, so moving `whatsapp` into
 * `chat-messaging` needs one entry.
 */
export function mergeDriverDefinitions(partial: DriverDefinitionsOverride): DriverDefinitions {
  const d = DEFAULT_DRIVER_DEFINITIONS;
  const repeat = partial.repeatContact ?? {};
  return {
    handoffs: partial.handoffs ?? d.handoffs,
    channelFamilies: mergeChannelFamilies(d.channelFamilies, partial.channelFamilies ?? {}),
    repeatContact: {
      windowDays: repeat.windowDays ?? d.repeatContact.windowDays,
      sameTopic: repeat.sameTopic ?? d.repeatContact.sameTopic,
      tags: repeat.tags ?? d.repeatContact.tags,
    },
  };
}

function mergeChannelFamilies(
  defaults: Readonly<Record<string, readonly string[]>>,
  overrides: Record<string, readonly string[]>,
): Record<string, readonly string[]> {
  const configured = new Set(Object.values(overrides).flatMap((channels) => channels.map(lower)));
  const merged: Record<string, readonly string[]> = {};
  for (const [family, channels] of Object.entries(defaults))
    merged[family] = channels.filter((channel) => !configured.has(channel));
  for (const [family, channels] of Object.entries(overrides)) merged[family] = channels.map(lower);
  return merged;
}

/** The family a channel belongs to; an unlisted channel is its own family. Case-insensitive. */
export function channelFamily(channel: string, families: DriverDefinitions['channelFamilies']): string {
  const name = lower(channel);
  for (const [family, channels] of Object.entries(families)) if (channels.includes(name)) return family;
  return `channel:${name}`;
}

function lower(text: string): string {
  return text.toLowerCase();
}
