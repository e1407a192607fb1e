import type { EventBus } from '../src/app/event-bus.js';

/**
 * Bolt acks a button press before the survey service records the answer, so the demo must
 * wait for the recording before it moves the clock. It listens for the service's own
 * `survey.answered` event instead of polling the database: no sleeps, no queries, and as
 * this listener is registered after the service's, the alert job has taken the answer in
 * by the time the wait ends.
 */
export class SlackAnswerWatch {
  private readonly recorded = new Set<number>();
  private readonly waiting = new Map<number, () => void>();

  constructor(events: EventBus) {
    events.on('survey.answered', (event) => {
      this.recorded.add(event.surveyId);
      this.waiting.get(event.surveyId)?.();
    });
  }

  /** Resolves once every survey in `surveyIds` is recorded (emptying the list); rejects after `timeoutMs` on one. */
  async waitForAll(surveyIds: number[], timeoutMs = 5_000): Promise<void> {
    while (surveyIds.length > 0) {
      await this.waitFor(surveyIds[0]!, timeoutMs);
      surveyIds.shift();
    }
  }

  private async waitFor(surveyId: number, timeoutMs: number): Promise<void> {
    if (!this.recorded.has(surveyId)) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.waiting.delete(surveyId);
          reject(new Error(`demo: the Slack answer to survey ${surveyId} was not recorded within ${timeoutMs / 1000} s (see the service log)`));
        }, timeoutMs);
        this.waiting.set(surveyId, () => {
          clearTimeout(timer);
          this.waiting.delete(surveyId);
          resolve();
        });
      });
    }
    this.recorded.delete(surveyId);
  }
}
