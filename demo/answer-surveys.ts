import { isLowScore } from '../src/domain/survey/low-score.js';
import type { SurveyChannel } from '../src/domain/survey/survey.js';
import { ChatResponder } from './answer-chat.js';
import type { DemoAnswer, DemoCase } from './scenario.js';
import { customerAnswer } from './scenario.js';
import { postInboundSms, postSlackInteraction, type DemoSecrets } from './signed-requests.js';
import { buttonsOf, type StandIns } from './stand-ins/start-stand-ins.js';

export interface AnsweredSurvey {
  ticketId: number;
  team: number;
  channel: SurveyChannel;
  answer: DemoAnswer;
}

const SCORE_BUTTON = /^effortless_survey_score_(\d+)$/;

/**
 * The customers' side: reads what the service sent through the stand-ins (survey SMS,
 * Slack DMs with score buttons) and answers the way the scenario says, through signed
 * inbound webhooks and signed button presses. Each message is answered once.
 */
export class SurveyResponder {
  readonly answered: AnsweredSurvey[] = [];
  /** Survey ids whose button was pressed: Bolt acks first and records after, so callers wait for them. */
  readonly pressedSurveyIds: number[] = [];
  private smsSeen = 0;
  private slackSeen = 0;
  private messageSeq = 0;
  private readonly caseByPhone = new Map<string, DemoCase>();
  private readonly caseBySlackUser = new Map<string, DemoCase>();

  constructor(
    private readonly ctx: {
      seed: number;
      standIns: StandIns;
      serviceUrl: string;
      publicUrl: string;
      secrets: DemoSecrets;
      accountSid: string;
      from: string;
      /** TWILIO_WHATSAPP_FROM: where the customers' WhatsApp replies go. */
      whatsappFrom: string;
      /** SUNCO_APP_ID, named in the webhook payloads. */
      suncoAppId: string;
    },
  ) {
    this.chat = new ChatResponder({
      ...ctx,
      appId: ctx.suncoAppId,
      record: (demoCase, answer) =>
        this.answered.push({ ticketId: demoCase.ticket.id, team: demoCase.facts.team, channel: 'messaging', answer }),
    });
  }

  private readonly chat: ChatResponder;

  /** The customer's latest solved case is the one a survey asks about. */
  solved(demoCase: DemoCase): void {
    const { user, slackUserId } = demoCase.customer;
    if (user.phone) this.caseByPhone.set(user.phone, demoCase);
    if (slackUserId) this.caseBySlackUser.set(slackUserId, demoCase);
    this.chat.solved(demoCase);
  }

  /** Answers every survey sent since the last call; returns how many were handled. */
  async answerNew(): Promise<number> {
    const sms = this.ctx.standIns.twilio.state.messages.slice(this.smsSeen);
    this.smsSeen += sms.length;
    for (const message of sms) await this.answerSms(message.to);
    const slack = this.ctx.standIns.slack.state.messages.slice(this.slackSeen);
    this.slackSeen += slack.length;
    let pressed = 0;
    for (const message of slack)
      if (message.channel.startsWith('D') && (await this.answerSlack(message.channel, message.ts, message.blocks)))
        pressed += 1;
    return sms.length + pressed + (await this.chat.answerNew());
  }

  private nextSid(): string {
    this.messageSeq += 1;
    return `SM${this.messageSeq.toString(16).padStart(32, '0')}`;
  }

  private async sendSms(from: string, body: string, extra: Record<string, string> = {}) {
    const sid = this.nextSid();
    const whatsapp = from.startsWith('whatsapp:');
    const params = {
      MessageSid: sid,
      SmsSid: sid,
      AccountSid: this.ctx.accountSid,
      From: from,
      To: whatsapp ? this.ctx.whatsappFrom : this.ctx.from,
      Body: body,
      NumMedia: '0',
      ...extra,
    };
    return postInboundSms(this.ctx.serviceUrl, this.ctx.publicUrl, this.ctx.secrets, params);
  }

  /** `address` is the number the survey went to: `+E164` for SMS, `whatsapp:+E164` for WhatsApp. */
  private async answerSms(address: string): Promise<void> {
    const whatsapp = address.startsWith('whatsapp:');
    const demoCase = this.caseByPhone.get(address.replace(/^whatsapp:/, ''));
    if (!demoCase) return;
    const answer = customerAnswer(this.ctx.seed, demoCase);
    const channel = whatsapp ? 'whatsapp' : 'sms';
    this.answered.push({ ticketId: demoCase.ticket.id, team: demoCase.facts.team, channel, answer });
    if (answer.kind === 'silent') return;
    if (answer.kind === 'stop') {
      this.ctx.standIns.twilio.state.optedOut.add(address); // Twilio keeps its own opt-out list too
      await this.sendSms(address, 'STOP', { OptOutType: 'STOP' });
      return;
    }
    // On WhatsApp the customer taps the template's quick-reply button: its id is the score.
    const score = String(answer.score);
    const pressed: Record<string, string> = whatsapp
      ? { ButtonText: score, ButtonPayload: score, MessageType: 'button' }
      : {};
    const reply = await this.sendSms(address, score, pressed);
    if (answer.verbatim && isLowScore('CES', answer.score) && reply.text.includes('<Message>'))
      await this.sendSms(address, answer.verbatim);
  }

  private async answerSlack(
    channel: string,
    ts: string,
    blocks: Parameters<typeof buttonsOf>[0]['blocks'],
  ): Promise<boolean> {
    const userId = channel.slice(1); // the stand-in names a DM 'D' + user id
    const demoCase = this.caseBySlackUser.get(userId);
    const buttons = buttonsOf({ blocks }).filter((b) => SCORE_BUTTON.test(b.action_id));
    if (!demoCase || buttons.length === 0) return false;
    const answer = customerAnswer(this.ctx.seed, demoCase);
    const outcome: DemoAnswer = answer.kind === 'stop' ? { kind: 'silent' } : answer; // there is no STOP in Slack
    this.answered.push({ ticketId: demoCase.ticket.id, team: demoCase.facts.team, channel: 'slack', answer: outcome });
    if (outcome.kind !== 'score') return false;
    const button = buttons.find((b) => SCORE_BUTTON.exec(b.action_id)?.[1] === String(outcome.score));
    if (!button) return false;
    await postSlackInteraction(this.ctx.serviceUrl, this.ctx.secrets, {
      type: 'block_actions',
      user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: 'T0DEMO0001' },
      api_app_id: 'A0EFFORTLS',
      token: 'legacy-verification-token-unused',
      container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
      trigger_id: `${ts}.demo`,
      team: { id: 'T0DEMO0001', domain: 'effortless-demo' },
      channel: { id: channel, name: 'directmessage' },
      message: { type: 'message', ts, text: '', blocks },
      actions: [
        {
          action_id: button.action_id,
          block_id: button.block_id,
          value: button.value,
          type: 'button',
          text: { type: 'plain_text', text: button.text },
          action_ts: `${Math.floor(Date.now() / 1000)}.000001`,
        },
      ],
    });
    this.pressedSurveyIds.push(Number(button.value?.split(':')[0]));
    return true;
  }
}
