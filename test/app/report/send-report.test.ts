import { describe, expect, it } from 'vitest';
import { createReportSender } from '../../../src/app/report/send-report.js';
import { computeReport } from '../../../src/domain/report/compute-report.js';
import { SLACK_REPORT, type OutboxMessage } from '../../../src/ports/outbox.js';
import type { ReportDigest, ReportPoster } from '../../../src/ports/report-channel.js';
import { captureLogs } from '../../support/capture-logs.js';

const message = (previousOutcomeUnknown: boolean): OutboxMessage<typeof SLACK_REPORT> => ({
  id: 4,
  kind: SLACK_REPORT,
  dedupeKey: 'report:weekly:2026-11-30T00:00:00.000Z',
  ticketId: null,
  attempts: 1,
  failures: 0,
  retryFrom: new Date('2026-11-30T09:00:00Z'),
  previousOutcomeUnknown,
  payload: { since: '2026-11-23T00:00:00.000Z', until: '2026-11-30T00:00:00.000Z' },
});

function fakePoster(already: { channel: string; ts: string } | null) {
  const posts: Array<{ channel: string; digest: ReportDigest }> = [];
  const searches: Date[] = [];
  const poster: ReportPoster = {
    async postReport(channel, digest) {
      posts.push({ channel, digest });
      return { channel: 'C1', ts: '1.2' };
    },
    async findPostedReport(_channel, _tag, since) {
      searches.push(since);
      return already;
    },
  };
  return { poster, posts, searches };
}

const periods: Array<{ since: Date; until: Date }> = [];
const build = async (period: { since: Date; until: Date }) => {
  periods.push(period);
  return computeReport([], {
    ...period,
    teamNames: {},
    worstCount: 3,
    costs: { unavailable: 'none' },
    ticketUrl: () => null,
  });
};

describe('report sender', () => {
  it("computes the message's period and posts the digest with the dashboard link", async () => {
    const { poster, posts, searches } = fakePoster(null);
    const send = createReportSender({ poster, build, channel: '#leads', dashboardUrl: 'https://e.test/' });
    expect(await send(message(false), captureLogs().logger, { previousOutcomeUnknown: false })).toEqual({
      providerId: '1.2',
    });
    expect(periods.at(-1)).toEqual({
      since: new Date('2026-11-23T00:00:00Z'),
      until: new Date('2026-11-30T00:00:00Z'),
    });
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ channel: '#leads', digest: { dashboardUrl: 'https://e.test/' } });
    expect(searches).toEqual([]);
  });

  it('after an unknown outcome, a digest found in the channel is not posted again', async () => {
    const { poster, posts, searches } = fakePoster({ channel: 'C1', ts: '9.9' });
    const send = createReportSender({ poster, build, channel: '#leads', dashboardUrl: null });
    expect(await send(message(true), captureLogs().logger, { previousOutcomeUnknown: true })).toEqual({
      providerId: '9.9',
    });
    expect(posts).toEqual([]);
    expect(searches).toEqual([new Date('2026-11-30T09:00:00Z')]);
  });

  it('after an unknown outcome with nothing found, it posts', async () => {
    const { poster, posts } = fakePoster(null);
    const send = createReportSender({ poster, build, channel: '#leads', dashboardUrl: null });
    await send(message(true), captureLogs().logger, { previousOutcomeUnknown: true });
    expect(posts).toHaveLength(1);
  });
});
