import { isLowScore } from '../src/domain/survey/low-score.js';
import type { DemoAnswer, DemoCase } from './scenario.js';
import { customerAnswer } from './scenario.js';
import { demoConversationId } from './scenario-case.js';
import { postSuncoWebhook, type DemoSecrets } from './signed-requests.js';
import type { StandInChatMessage, StandIns } from './stand-ins/start-stand-ins.js';

/**
 * The customers' side in Zendesk messaging: reads what the service posted into the
 * conversations (the Conversations stand-in) and answers as the scenario says, through
 * `POST /webhooks/sunco` with the webhook's key, shaped as `conversation:message` events. A
 * score is a tap on the reply button (its payload); after a low score the customer answers
 * the follow-up question, when it comes, with the verbatim.
 */
export class ChatResponder {
  private seen = 0;
  private seq = 0;
  private readonly caseByConversation = new Map<string, DemoCase>();
  /** Conversations whose customer will tell what made it hard once asked. */
  private readonly verbatimDue = new Map<string, string>();

  constructor(
    private readonly ctx: {
      seed: number;
      standIns: StandIns;
      serviceUrl: string;
      secrets: DemoSecrets;
      appId: string;
      record: (demoCase: DemoCase, answer: DemoAnswer) => void;
    },
  ) {}

  solved(demoCase: DemoCase): void {
    this.caseByConversation.set(demoConversationId(demoCase.ticket.id), demoCase);
  }

  /** Answers every post since the last call; returns how many drew an answer. */
  async answerNew(): Promise<number> {
    const posts = this.ctx.standIns.sunco.state.messages.slice(this.seen);
    this.seen += posts.length;
    let handled = 0;
    for (const post of posts) if (await this.answer(post)) handled += 1;
    return handled;
  }

  private async answer(post: StandInChatMessage): Promise<boolean> {
    const demoCase = this.caseByConversation.get(post.conversationId);
    if (!demoCase || post.author.type !== 'business') return false;
    const buttons = post.content.actions ?? [];
    if (buttons.length === 0) {
      // The follow-up question after a low score: the next message is the verbatim.
      const verbatim = this.verbatimDue.get(post.conversationId);
      if (!verbatim) return false;
      this.verbatimDue.delete(post.conversationId);
      await this.say(post.conversationId, { type: 'text', text: verbatim });
      return true;
    }
    const answer = customerAnswer(this.ctx.seed, demoCase);
    this.ctx.record(demoCase, answer);
    if (answer.kind === 'silent') return false;
    if (answer.kind === 'stop') {
      await this.say(post.conversationId, { type: 'text', text: 'STOP' });
      return true;
    }
    const button = buttons.find((b) => b.payload.endsWith(`:${answer.score}`));
    if (!button) return false;
    if (answer.verbatim && isLowScore('CES', answer.score)) this.verbatimDue.set(post.conversationId, answer.verbatim);
    await this.say(post.conversationId, { type: 'text', text: button.text, payload: button.payload });
    return true;
  }

  /** One `conversation:message` webhook from the customer (`author.type` user, from the web widget). */
  private async say(conversationId: string, content: Record<string, string>): Promise<void> {
    this.seq += 1;
    const id = `d${this.seq.toString(16).padStart(23, '0')}`;
    const at = new Date().toISOString();
    await postSuncoWebhook(this.ctx.serviceUrl, this.ctx.secrets, {
      app: { id: this.ctx.appId },
      webhook: { id: '5f4eaef81e3dcc117c7ba48a', version: 'v2' },
      events: [
        {
          id: `e${id.slice(1)}`,
          createdAt: at,
          type: 'conversation:message',
          payload: {
            conversation: { id: conversationId, type: 'personal' },
            message: {
              id,
              received: at,
              author: { userId: `u${conversationId.slice(1)}`, displayName: 'Customer', type: 'user' },
              content,
              source: { type: 'web', integrationId: '5ec69c6e12dda33be985cb1a' },
            },
          },
        },
      ],
    });
  }
}
