import type { ReportFigures } from '../domain/report/compute-report.js';
import type { OutboxTag } from './outbox-tag.js';

/** The weekly digest as posted: the figures and where the dashboard is. */
export interface ReportDigest {
  figures: ReportFigures;
  dashboardUrl: string | null;
}

/** Where report digests go (Slack, integrations/slack/report-poster.ts). */
export interface ReportPoster {
  /** Posts the digest to a channel (id or name); `tag` goes with it so findPostedReport can see it later. */
  postReport(channel: string, digest: ReportDigest, tag?: OutboxTag): Promise<{ channel: string; ts: string }>;
  /** The digest posted with this tag at or after `since`; null when there is none. */
  findPostedReport(channel: string, tag: OutboxTag, since: Date): Promise<{ channel: string; ts: string } | null>;
}
