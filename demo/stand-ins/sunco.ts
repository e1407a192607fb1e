import express from 'express';

/**
 * A Sunshine Conversations stand-in for the two calls the service makes (the shapes of
 * test/specs/sunshine_conversations_api.yaml):
 * - `POST /v2/apps/{appId}/conversations/{conversationId}/messages`: Basic auth with the API
 *   key; answers 201 `{ messages: [message] }`; 400 without `author.type` or `content.type`.
 * - `GET` of the same path: List Messages, the newest page (all of them here), `meta.hasMore` false.
 * 401 for other credentials, 404 for another app.
 */
export interface SuncoStandInOptions {
  appId: string;
  keyId: string;
  keySecret: string;
  now?: () => number;
}

export interface StandInChatMessage {
  id: string;
  conversationId: string;
  received: string;
  author: { type: string };
  content: { type: string; text?: string; actions?: Array<{ type: string; text: string; payload: string }> };
  metadata: Record<string, unknown> | null;
}

export interface SuncoState {
  /** Every message posted, oldest first. */
  messages: StandInChatMessage[];
}

const MESSAGES = /^\/v2\/apps\/([^/]+)\/conversations\/([^/]+)\/messages$/;

export function createSuncoStandIn(options: SuncoStandInOptions): { app: express.Express; state: SuncoState } {
  const now = options.now ?? Date.now;
  const state: SuncoState = { messages: [] };
  const expected = `Basic ${Buffer.from(`${options.keyId}:${options.keySecret}`).toString('base64')}`;
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  const error = (code: string, title: string) => ({ errors: [{ code, title }] });

  app.use((req, res, next) => {
    if (req.header('authorization') !== expected)
      return void res.status(401).json(error('unauthorized', 'Authorization is required'));
    next();
  });

  app.get(MESSAGES, (req, res) => {
    const [appId, conversationId] = params(req.params);
    if (appId !== options.appId) return void res.status(404).json(error('not_found', 'Resource not found'));
    const messages = state.messages.filter((m) => m.conversationId === conversationId).map(resource);
    res.json({ messages, meta: { hasMore: false } });
  });

  app.post(MESSAGES, (req, res) => {
    const [appId, conversationId] = params(req.params);
    if (appId !== options.appId) return void res.status(404).json(error('not_found', 'Resource not found'));
    const body = (req.body ?? {}) as Partial<StandInChatMessage>;
    if (typeof body.author?.type !== 'string' || typeof body.content?.type !== 'string')
      return void res.status(400).json(error('bad_request', 'author and content are required'));
    const message: StandInChatMessage = {
      id: (state.messages.length + 1).toString(16).padStart(24, '0'),
      conversationId,
      received: new Date(now()).toISOString(),
      author: { type: body.author.type },
      content: body.content,
      metadata: body.metadata ?? null,
    };
    state.messages.push(message);
    res.status(201).json({ messages: [resource(message)] });
  });

  app.use((req, res) => void res.status(404).json(error('not_found', `No route for ${req.method} ${req.path}`)));
  return { app, state };
}

function params(raw: unknown): [string, string] {
  const values = raw as Record<string, string>;
  return [values[0] ?? '', values[1] ?? ''];
}

/** A stored message as the API shows it (`source.type` api:conversations for ours). */
function resource(message: StandInChatMessage) {
  const { conversationId: _, metadata, ...rest } = message;
  return { ...rest, source: { type: 'api:conversations' }, ...(metadata ? { metadata } : {}) };
}
