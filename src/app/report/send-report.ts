import type { OutboxSender, SLACK_REPORT } from '../../ports/outbox.js';
import type { OutboxTag } from '../../ports/outbox-tag.js';
import type { ReportPoster } from '../../ports/report-channel.js';
import type { BuildReport } from './build-report.js';

/**
 * Outbox sender for `slack.report`: computes the period's figures and posts the digest.
 * After a try whose outcome is unknown the channel is searched for the message's tag first,
 * so a digest is never posted twice.
 */
export function createReportSender(deps: {
  poster: ReportPoster;
  build: BuildReport;
  channel: string;
  dashboardUrl: string | null;
}): OutboxSender<typeof SLACK_REPORT> {
  return async (message, log, context) => {
    const tag: OutboxTag = { outboxId: message.id, dedupeKey: message.dedupeKey };
    const since = new Date(message.payload.since);
    const until = new Date(message.payload.until);
    if (context.previousOutcomeUnknown) {
      const earlier = await deps.poster.findPostedReport(deps.channel, tag, message.retryFrom);
      if (earlier) {
        log.info({ ts: earlier.ts }, 'report digest already posted by an earlier try; not posting it again');
        return { providerId: earlier.ts };
      }
    }
    const figures = await deps.build({ since, until });
    const posted = await deps.poster.postReport(deps.channel, { figures, dashboardUrl: deps.dashboardUrl }, tag);
    log.info(
      { since: message.payload.since, until: message.payload.until, cases: figures.headline.cases, ts: posted.ts },
      'report digest posted',
    );
    return { providerId: posted.ts };
  };
}
