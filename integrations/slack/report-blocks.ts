import { costText, count, decimal, headlineRows, percent, periodText } from '../../src/domain/report/format-figures.js';
import type { ReportDigest } from '../../src/ports/report-channel.js';
import {
  alertBlockViolations,
  bullets,
  escapeMrkdwn,
  header,
  listSections,
  mrkdwnContext,
  mrkdwnLink,
  type RenderedAlert,
} from './alert-mrkdwn.js';
import type { SlackBlock } from './survey-blocks.js';

export { alertBlockViolations as reportBlockViolations };

/** Slack allows 10 fields per section block. */
const fieldsSection = (pairs: Array<[string, string]>): SlackBlock => ({
  type: 'section',
  fields: pairs.slice(0, 10).map(([label, value]) => ({
    type: 'mrkdwn',
    text: `*${escapeMrkdwn(label)}*\n${escapeMrkdwn(value)}`,
  })),
});

/** The weekly digest as Block Kit: headline fields, drivers with their CES cost, worst teams and cases. */
export function renderReportDigest(digest: ReportDigest): RenderedAlert {
  const { figures } = digest;
  const period = periodText(figures);
  const blocks: SlackBlock[] = [header(`Effort report: ${period}`), fieldsSection(headlineRows(figures))];
  blocks.push({ type: 'divider' });
  const driverLines = figures.drivers.map(
    (d) =>
      `*${escapeMrkdwn(d.label)}*: ${percent(d.share)} of cases (${count(d.casesWith)})` +
      (d.cesCost ? ` · ${escapeMrkdwn(costText(d.cesCost))}` : ''),
  );
  blocks.push(...listSections('*What drives effort*', bullets(driverLines)));
  blocks.push(mrkdwnContext(escapeMrkdwn(figures.costNote)));
  if (figures.worstTeams.length > 0) {
    const teams = figures.worstTeams.map(
      (t) =>
        `*${escapeMrkdwn(t.team)}*: effort ${decimal(t.effortIndexAverage, 1)} over ${count(t.cases)} cases` +
        (t.cesAverage === null ? '' : ` · CES ${decimal(t.cesAverage)} (n=${count(t.answers)})`),
    );
    blocks.push(...listSections('*Teams with the most effort*', bullets(teams)));
  }
  if (figures.worstCases.length > 0) {
    const cases = figures.worstCases.map((c) => {
      const label = `#${c.ticketId}`;
      const ticket = c.url ? mrkdwnLink(c.url, label) : label;
      const ces = c.cesScore === null ? '' : ` · CES ${c.cesScore}`;
      const why = c.lines.length ? ` — ${escapeMrkdwn(c.lines.join(', '))}` : '';
      return `${ticket} (${escapeMrkdwn(c.team)}) effort ${c.effortIndex}${ces}${why}`;
    });
    blocks.push(...listSections('*Hardest cases*', bullets(cases)));
  }
  const dashboard = digest.dashboardUrl ? mrkdwnLink(digest.dashboardUrl, 'Open the dashboard') : null;
  blocks.push(mrkdwnContext(...[`Solved ${period} (UTC)`, ...(dashboard ? [dashboard] : [])]));
  const h = figures.headline;
  const text = `Effort report ${period}: ${count(h.cases)} cases, CES ${decimal(h.cesAverage)} (n=${count(h.answers)}), effort index ${decimal(h.effortIndexAverage, 1)}`;
  return { text: escapeMrkdwn(text), blocks };
}
