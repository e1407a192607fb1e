import { DateTime } from 'luxon';
import type { Logger } from '../../logger.js';
import type { Clock } from '../../ports/clock.js';
import { SLACK_REPORT, type Outbox } from '../../ports/outbox.js';
import type { SyncStateStore } from '../../ports/store.js';

export interface WeeklyReportSchedule {
  /** 0 = Sunday .. 6 = Saturday. */
  weekday: number;
  /** Local time of the post, HH:MM. */
  time: string;
  timeZone: string;
}

/** When the schedule first ran: weeks before it are never posted (a new install does not post last week). */
export const SCHEDULE_STARTED_KEY = 'report.weekly.started_at';
/** How often the service looks whether a post is due; the post waits at most this long. */
export const CHECK_EVERY_MS = 5 * 60_000;

/**
 * The most recent posting time at or before `now`, and the period it reports: the seven
 * whole local days before the posting day.
 */
export function lastWeeklyPost(now: Date, schedule: WeeklyReportSchedule): { postAt: Date; since: Date; until: Date } {
  const [hour = 0, minute = 0] = schedule.time.split(':').map(Number);
  const local = DateTime.fromJSDate(now, { zone: schedule.timeZone });
  const isoWeekday = schedule.weekday === 0 ? 7 : schedule.weekday;
  let day = local.startOf('day').minus({ days: (local.weekday - isoWeekday + 7) % 7 });
  if (day.set({ hour, minute }) > local) day = day.minus({ weeks: 1 });
  return {
    postAt: day.set({ hour, minute }).toJSDate(),
    since: day.minus({ weeks: 1 }).toJSDate(),
    until: day.toJSDate(),
  };
}

export interface WeeklyReportDeps {
  outbox: Outbox;
  state: SyncStateStore;
  atomically: <T>(work: () => Promise<T>) => Promise<T>;
  clock: Clock;
  logger: Logger;
  schedule: WeeklyReportSchedule;
}

/**
 * Queues the digest of the last scheduled week once: its dedupe key names the period, so a
 * restart, a second check or a second instance finds it queued already. The outbox then
 * posts it, retrying through Slack outages. Returns whether this call queued it.
 */
export async function queueDueWeeklyReport(deps: WeeklyReportDeps): Promise<boolean> {
  const now = deps.clock.now();
  return deps.atomically(async () => {
    const started = await deps.state.get<string>(SCHEDULE_STARTED_KEY);
    if (!started) {
      await deps.state.set(SCHEDULE_STARTED_KEY, now.toISOString(), now);
      return false;
    }
    const due = lastWeeklyPost(now, deps.schedule);
    if (due.postAt.getTime() < Date.parse(started)) return false;
    const queued = await deps.outbox.enqueue(
      {
        kind: SLACK_REPORT,
        dedupeKey: `report:weekly:${due.until.toISOString()}`,
        ticketId: null,
        payload: { since: due.since.toISOString(), until: due.until.toISOString() },
        notBefore: now,
      },
      now,
    );
    if (!queued.duplicate)
      deps.logger.info({ since: due.since, until: due.until }, 'weekly report digest queued for Slack');
    return !queued.duplicate;
  });
}

/** Checks now and every CHECK_EVERY_MS; returns the stop function. */
export function scheduleWeeklyReport(deps: WeeklyReportDeps): () => void {
  const check = () =>
    queueDueWeeklyReport(deps).catch((error: unknown) =>
      deps.logger.error({ err: error }, 'could not queue the weekly report; the next check tries again'),
    );
  void check();
  const timer = setInterval(check, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
