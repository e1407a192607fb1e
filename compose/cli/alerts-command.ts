import type { Command } from 'commander';
import { pino } from 'pino';
import type { EvaluationReport } from '../../src/app/alerts/evaluate-alerts.js';
import { formatMetricValue, METRIC_DEFINITIONS } from '../../src/domain/alerts/alert-metrics.js';
import { segmentLabel } from '../../src/domain/alerts/segments.js';
import { loadConfigOrExit } from './load-config-or-exit.js';

/** Printable lines: every segment/metric that is worse or elevated, then what changed. */
export function formatReport(report: EvaluationReport, teamNames: Readonly<Record<string, string>>): string[] {
  if (report.skipped)
    return [`not evaluated at ${report.at.toISOString()}: another instance is evaluating now; try again in a moment`];
  const lines = [
    `evaluated ${report.segments.length} segments at ${report.at.toISOString()} in ${report.judgeMs.toFixed(1)} ms`,
  ];
  for (const segment of report.segments) {
    for (const f of segment.findings) {
      if (f.state !== 'worse' && f.state !== 'elevated') continue;
      const c = f.comparison;
      const p = c.pValue === null ? '' : ` p=${c.pValue < 0.0001 ? c.pValue.toExponential(1) : c.pValue.toFixed(4)}`;
      lines.push(
        `  ${f.state.padEnd(8)} ${segmentLabel(segment.segment, teamNames)} (${segment.segment}) · ${METRIC_DEFINITIONS[f.metric].label}: ` +
          `${formatMetricValue(f.metric, c.recentMean)} (n=${f.recent.n}) vs ${formatMetricValue(f.metric, c.baselineMean)} (n=${f.baseline.n})${p}`,
      );
    }
  }
  if (lines.length === 1) lines.push('  nothing is worse than its baseline');
  for (const [word, alerts] of [
    ['opened', report.opened],
    ['updated', report.updated],
    ['resolved', report.resolved],
  ] as const) {
    for (const alert of alerts)
      lines.push(`${word} alert #${alert.id}: ${segmentLabel(alert.subject, teamNames)} (${alert.metrics.join(', ')})`);
  }
  return lines;
}

export function registerAlertsCommand(program: Command): void {
  program
    .command('alerts')
    .description('evaluate the alert rules once, now; print what was found, and post new alerts to SLACK_ALERT_CHANNEL')
    .option('--no-post', 'evaluate and store, but leave Slack posts to the running service')
    .action(async (options: { post: boolean }) => {
      const config = loadConfigOrExit();
      const [{ buildService }, { createLogger }, { SLACK_ALERT }] = await Promise.all([
        import('../build-service.js'),
        import('../../src/logger.js'),
        import('../../src/ports/outbox.js'),
      ]);
      const logger = createLogger({ level: 'warn', destination: pino.destination(2) });
      const service = await buildService(config, {
        logger,
        ...(options.post ? {} : { integrations: { alertPoster: null } }),
      });
      try {
        const report = await service.alerts.evaluate();
        for (const line of formatReport(report, service.teams.names())) console.log(line);
        if (!options.post || !config.slack?.alertChannel) {
          console.log(
            options.post ? 'not posted: Slack or SLACK_ALERT_CHANNEL is not configured' : 'not posted (--no-post)',
          );
          return;
        }
        // Sends this kind only: survey and Zendesk messages stay with the service's worker.
        let posted = 0;
        for (let i = 0; i < 200 && (await service.workers.nextOutbox([SLACK_ALERT])); i++) posted += 1;
        const failed = (await service.metrics.sends.get()).values
          .filter((v) => v.labels.outcome !== 'sent')
          .reduce((sum, v) => sum + v.value, 0);
        console.log(
          `Slack: ${posted - failed} message(s) posted to ${config.slack.alertChannel}${failed ? `, ${failed} to retry (see the log)` : ''}`,
        );
      } finally {
        await service.close();
      }
    });
}
