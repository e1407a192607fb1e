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

  /**
   * Resolves once every survey in `surveyIds` is recorded (emptying the list). A press the
   * service could not record while answering is replayed from its inbox by the workers, so
   * after `patienceMs` without the event this runs `drain` (the workers) and waits again;
   * after `timeoutMs` on one survey it gives up.
   */
  async waitForAll(
    surveyIds: number[],
    drain: () => Promise<unknown>,
    options: { patienceMs?: number; timeoutMs?: number } = {},
  ): Promise<void> {
    const { patienceMs = 1_000, timeoutMs = 10_000 } = options;
    while (surveyIds.length > 0) {
      const surveyId = surveyIds[0]!;
      const deadline = Date.now() + timeoutMs;
      while (!(await this.recordedWithin(surveyId, patienceMs))) {
        if (Date.now() > deadline) {
          throw new Error(
            `demo: the Slack answer to survey ${surveyId} was not recorded within ${timeoutMs / 1000} s (see the service log)`,
          );
        }
        await drain();
      }
      this.recorded.delete(surveyId);
      surveyIds.shift();
    }
  }

  private recordedWithin(surveyId: number, ms: number): Promise<boolean> {
    if (this.recorded.has(surveyId)) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(surveyId);
        resolve(false);
      }, ms);
      this.waiting.set(surveyId, () => {
        clearTimeout(timer);
        this.waiting.delete(surveyId);
        resolve(true);
      });
    });
  }
}
