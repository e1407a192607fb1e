import { ChannelSendError } from '../../src/ports/errors.js';
import type { ReportPoster } from '../../src/ports/report-channel.js';
import { callSlack, OPEN_GATE, type RateLimitGate, type WebClient } from './client.js';
import { findPostedAlert } from './find-outbox-posts.js';
import { outboxMetadata } from './outbox-metadata.js';
import { renderReportDigest, reportBlockViolations } from './report-blocks.js';

/**
 * Posts the weekly digest with chat.postMessage, tagged with its outbox message like alerts
 * are, and finds it again in the channel's history after a try whose outcome is unknown.
 */
export function createSlackReportPoster(client: WebClient, options: { gate?: RateLimitGate } = {}): ReportPoster {
  const gate = options.gate ?? OPEN_GATE;
  return {
    async postReport(channel, digest, tag) {
      const { text, blocks } = renderReportDigest(digest);
      const problems = reportBlockViolations({ text, blocks });
      if (problems.length > 0)
        throw new ChannelSendError(`slack report blocks break Block Kit limits: ${problems.join('; ')}`, {
          permanent: true,
          code: 'invalid_blocks',
        });
      const posted = await callSlack('chat.postMessage', 'write', gate, () =>
        client.chat.postMessage({
          channel,
          text,
          blocks,
          ...(tag ? { metadata: outboxMetadata(tag) } : {}),
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
      if (!posted.ts)
        throw new ChannelSendError('slack chat.postMessage returned no ts', { permanent: true, code: 'no_ts' });
      return { channel: posted.channel ?? channel, ts: posted.ts };
    },
    findPostedReport: (channel, tag, since) =>
      findPostedAlert(client, (method, run) => callSlack(method, 'read', gate, run), channel, tag, since),
  };
}
