import { describe, expect, it } from 'vitest';
import { buildService } from '../../compose/build-service.js';
import { postReportNow } from '../../compose/cli/post-report.js';
import { reportPeriod } from '../../compose/cli/report-command.js';
import { formatReport } from '../../compose/cli/report-format.js';
import { computeReport } from '../../src/domain/report/compute-report.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { ReportDigest, ReportPoster } from '../../src/ports/report-channel.js';
import { captureLogs } from '../support/capture-logs.js';
import { ces, NO_DRIVERS, reportCase } from '../support/report-cases.js';

const figures = computeReport(
  [
    reportCase(501, { effortIndex: 70, drivers: { ...NO_DRIVERS, channelSwitches: 2 }, survey: ces(2, 'too, "slow"') }),
    reportCase(502, { groupId: 2, survey: ces(6) }),
  ],
  {
    since: new Date('2026-11-23T00:00:00Z'),
    until: new Date('2026-11-30T00:00:00Z'),
    teamNames: { '1': 'Billing' },
    worstCount: 5,
    costs: {
      basis: 'fitted',
      costs: { channelSwitches: { unit: 'each channel switch', perUnit: -0.9, low: -1.2, high: -0.6, n: 300 } },
    },
    ticketUrl: (id) => `https://acme.zendesk.com/agent/tickets/${id}`,
  },
);

describe('report period', () => {
  const now = new Date('2026-12-02T15:00:00Z');
  it('defaults to the seven days before today (UTC)', () => {
    expect(reportPeriod({}, now)).toEqual({
      since: new Date('2026-11-25T00:00:00Z'),
      until: new Date('2026-12-02T00:00:00Z'),
    });
  });
  it('--until names the last day included; --since the first', () => {
    const day = (iso: string) => ({ at: new Date(`${iso}T00:00:00Z`), wholeDay: true });
    expect(reportPeriod({ since: day('2026-11-01'), until: day('2026-11-07') }, now)).toEqual({
      since: new Date('2026-11-01T00:00:00Z'),
      until: new Date('2026-11-08T00:00:00Z'),
    });
    expect(() => reportPeriod({ since: day('2026-11-09'), until: day('2026-11-07') }, now)).toThrow(/before/);
  });
});

describe('report formats', () => {
  it('text: headline, drivers with cost, teams and cases', () => {
    const text = formatReport(figures, 'text');
    expect(text).toContain('cases solved 2026-11-23 to 2026-11-29');
    expect(text).toMatch(/CES average\s+4\.00 \/ 7/);
    expect(text).toMatch(
      /Channel switches\s+50%\s+each channel switch: -0\.90 CES \(95% CI -1\.20 to -0\.60, n = 300\)/,
    );
    expect(text).toMatch(/Billing\s+effort\s+70\.0/);
    expect(text).toContain('#501 Billing: effort 70, CES 2  https://acme.zendesk.com/agent/tickets/501');
    expect(text).toContain('switched channel 2 times');
  });

  it('json: the figures as computed', () => {
    expect(JSON.parse(formatReport(figures, 'json'))).toEqual(figures);
  });

  it('csv: one row per figure, quoted where needed', () => {
    const lines = formatReport(figures, 'csv').split('\n');
    expect(lines[0]).toBe('section,item,measure,value');
    expect(lines).toContain('headline,all,cases,2');
    expect(lines).toContain('driver,channelSwitches,ces_cost,-0.9');
    expect(lines).toContain('team,Billing,effort_index_average,70');
    expect(lines).toContain('case,501,drivers,switched channel 2 times');
  });
});

describe('report --post', () => {
  it('queues the digest in the outbox and sends it through the report poster', async () => {
    const config = loadConfig(
      {
        DATABASE_URL: ':memory:',
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_ALERT_CHANNEL: '#leads',
      },
      { cwd: '/nonexistent' },
    );
    const posts: Array<{ channel: string; digest: ReportDigest }> = [];
    const reportPoster: ReportPoster = {
      async postReport(channel, digest) {
        posts.push({ channel, digest });
        return { channel: 'C1', ts: '1.1' };
      },
      findPostedReport: async () => null,
    };
    const service = await buildService(config, { logger: captureLogs().logger, integrations: { reportPoster } });
    const period = { since: new Date('2026-11-23T00:00:00Z'), until: new Date('2026-11-30T00:00:00Z') };
    expect(await postReportNow(service, period)).toBe('Slack: digest posted to #leads');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.digest.figures).toMatchObject({ since: period.since.toISOString(), headline: { cases: 0 } });
    await service.close();
  });

  it('says so and posts nothing without SLACK_ALERT_CHANNEL', async () => {
    const config = loadConfig({ DATABASE_URL: ':memory:' }, { cwd: '/nonexistent' });
    const service = await buildService(config, { logger: captureLogs().logger });
    expect(await postReportNow(service, { since: new Date(0), until: new Date(1) })).toMatch(/not posted/);
    await service.close();
  });
});
