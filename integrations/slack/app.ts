import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from '../../src/logger.js';
import type { Metrics } from '../../src/metrics.js';
import type { AlertInbound } from '../../src/ports/alert-channel.js';
import type { Clock } from '../../src/ports/clock.js';
import { errorMessage } from '../../src/ports/errors.js';
import { SLACK_PROVIDER, type DeliveryInbox } from '../../src/ports/inbox.js';
import type { SurveyInbound } from '../../src/ports/survey-channels.js';
import { handleBlockActions, type BlockActionOutcome } from './block-actions.js';
import type { WebClient } from './web-client.js';
import { answerEffortCommand, EFFORT_COMMAND_DEADLINE_MS } from './effort-command.js';
import { parseSlackRequest, type SlackRequest } from './parse-request.js';
import { readRawBodyWithin, SLACK_BODY_LIMIT_BYTES } from './read-raw-body.js';
import { verifySlackSignature } from './verify.js';

export { EFFORT_COMMAND_DEADLINE_MS } from './effort-command.js';

export interface SlackAppDeps {
  /** SLACK_SIGNING_SECRET: every request's X-Slack-Signature is checked with it (401 otherwise). */
  signingSecret: string;
  /** Our WebClient (createSlackWebClient): token, SLACK_API_URL, retries, 429 policy. */
  client: WebClient;
  inbound: SurveyInbound;
  /** Leads' alerts: the Acknowledge button and `/effort`. Without it neither is answered. */
  alerts?: AlertInbound;
  /** Button presses and commands are stored here before anything acts on them. */
  inbox: DeliveryInbox;
  /** The service's clock: when a delivery was received and when the worker may replay it. */
  clock: Clock;
  /** Real time for X-Slack-Request-Timestamp (default: the system clock); Slack does not follow a simulated `clock`. */
  wallClock?: Clock;
  logger: Logger;
  metrics?: Metrics;
  /** How long `/effort` waits for the figures before answering "try again" (default 2,500 ms). */
  effortCommandDeadlineMs?: number;
}

export const SLACK_EVENTS_PATH = '/slack/events';
/** Handled inline; the worker replays a stored press only if it is still not done after this long (a crash mid-way). */
const INLINE_GRACE_MS = 5 * 60_000;
const systemClock: Clock = { now: () => new Date() };

type Outcome = 'stored' | 'duplicate' | 'rejected' | 'malformed' | 'too_large' | 'ignored';
type Stored = Extract<SlackRequest, { deliveryId: string }>;

/**
 * POST /slack/events (interactivity, slash commands, Events API) the way every webhook here
 * works: limit the body before reading it, verify Slack's signature, store, acknowledge, handle.
 * Button presses are answered 200 as soon as they are stored and handled right after; if that
 * fails, the inbox worker replays the stored press (handle-delivery.ts). `/effort` is answered
 * in the response itself, after it is stored. Mount `router` on the service's express app; it
 * reads its own raw body, so no body parser may run before it.
 */
export function createSlackApp(deps: SlackAppDeps): { router: Router } {
  const log = deps.logger.child({ integration: 'slack' });
  const count = (outcome: Outcome) => deps.metrics?.webhookDeliveries.inc({ provider: 'slack', outcome });
  const wallClock = deps.wallClock ?? systemClock;

  async function store(request: Stored, rawBody: string): Promise<{ id: number; duplicate: boolean }> {
    const receivedAt = deps.clock.now();
    const stored = await deps.inbox.add({
      provider: SLACK_PROVIDER,
      deliveryId: request.deliveryId,
      eventType: request.eventType,
      rawBody,
      receivedAt,
      notBefore: new Date(receivedAt.getTime() + INLINE_GRACE_MS),
    });
    count(stored.duplicate ? 'duplicate' : 'stored');
    if (stored.duplicate)
      log.info({ inboxId: stored.id, eventType: request.eventType }, 'slack request seen before; not handled again');
    return stored;
  }

  /** A row left unmarked stays pending, so the worker replays it after the grace period: logged, not thrown. */
  const mark = (marking: Promise<void>, inboxId: number, what: 'done' | 'failed') =>
    marking.catch((error: unknown) =>
      log.error(
        { err: error, inboxId },
        `slack delivery not marked ${what}; the worker replays it after the grace period`,
      ),
    );

  /** After the ack: the outcome goes on the stored row; a failure makes it due for the worker at once. */
  async function finishInline(inboxId: number, work: () => Promise<BlockActionOutcome>): Promise<void> {
    let outcome: BlockActionOutcome;
    try {
      outcome = await work();
    } catch (error) {
      log.error({ err: error, inboxId, next: 'the inbox worker replays the stored delivery' }, 'slack listener failed');
      await mark(deps.inbox.markFailed(inboxId, errorMessage(error), deps.clock.now()), inboxId, 'failed');
      return;
    }
    await mark(deps.inbox.markDone(inboxId, outcome, deps.clock.now()), inboxId, 'done');
  }

  async function respond(request: SlackRequest, rawBody: string, req: Request, res: Response): Promise<void> {
    switch (request.kind) {
      case 'url_verification':
        res.json({ challenge: request.challenge });
        return;
      case 'event': {
        // No listener acts on events; Slack only needs the 200 (a retry of one gets it too).
        count('ignored');
        const retryNum = req.header('x-slack-retry-num');
        if (retryNum !== undefined) {
          log.info(
            {
              retryNum: Number(retryNum),
              retryReason: req.header('x-slack-retry-reason'),
              eventType: request.eventType,
            },
            'slack retry of an event skipped',
          );
        } else {
          log.debug({ eventType: request.eventType }, 'slack event acknowledged; nothing here acts on it');
        }
        res.status(200).end();
        return;
      }
      case 'not_used':
        count('ignored');
        log.info({ what: request.what }, 'slack request of a kind this app does not use; acknowledged');
        res.status(200).end();
        return;
      case 'block_actions': {
        const stored = await store(request, rawBody);
        res.status(200).end(); // the ack, within Slack's 3 s; the work below may take longer
        if (!stored.duplicate) void finishInline(stored.id, () => handleBlockActions(deps, request.payload, log));
        return;
      }
      case 'command': {
        const alerts = deps.alerts;
        if (request.command.command !== '/effort' || !alerts) {
          count('ignored');
          log.info({ command: request.command.command }, 'slack slash command this app does not answer; acknowledged');
          res.status(200).end();
          return;
        }
        const stored = await store(request, rawBody);
        if (stored.duplicate) {
          res.status(200).end();
          return;
        }
        // A slash command's answer is the HTTP response itself (ephemeral), due within 3 s.
        const deadlineMs = deps.effortCommandDeadlineMs ?? EFFORT_COMMAND_DEADLINE_MS;
        res.status(200).json(await answerEffortCommand(alerts, request.command.text.trim(), { deadlineMs, log }));
        await mark(deps.inbox.markDone(stored.id, 'done', deps.clock.now()), stored.id, 'done');
        return;
      }
    }
  }

  const router = express.Router();
  const readBody = readRawBodyWithin(SLACK_BODY_LIMIT_BYTES, (declaredBytes) => {
    count('too_large');
    log.warn(
      { declaredBytes, limitBytes: SLACK_BODY_LIMIT_BYTES },
      'Slack request refused: body over the size limit (413)',
    );
  });
  router.post(SLACK_EVENTS_PATH, ...readBody, async (req: Request, res: Response, next: express.NextFunction) => {
    try {
      const rawBody = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      const verdict = verifySlackSignature({
        signingSecret: deps.signingSecret,
        rawBody,
        signature: req.header('x-slack-signature'),
        timestamp: req.header('x-slack-request-timestamp'),
        now: wallClock.now(),
      });
      if (!verdict.ok) {
        count('rejected');
        log.warn(
          { reason: verdict.reason, hint: verdict.hint },
          `Slack request verification failed: ${verdict.summary}`,
        );
        res.status(401).json({ error: 'invalid_signature', reason: verdict.reason });
        return;
      }
      const parsed = parseSlackRequest(rawBody, req.header('content-type'));
      if (!parsed.ok) {
        count('malformed');
        log.warn({ problem: parsed.problem }, 'Slack request body is not one Slack sends; answered 400');
        res.status(400).json({ error: 'malformed_body', message: parsed.problem });
        return;
      }
      await respond(parsed.request, rawBody, req, res);
    } catch (error) {
      next(error);
    }
  });
  return { router };
}
