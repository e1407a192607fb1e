import type { webApi } from '@slack/bolt';

/** Slack's Web API client, as Bolt ships it; a module of its own so readers of it import no sender. */
export type WebClient = webApi.WebClient;
