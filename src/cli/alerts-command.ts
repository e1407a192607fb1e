import type { Command } from 'commander';
import { pino } from 'pino';
import type { EvaluationReport } from '../app/alerts/evaluate-alerts.js';
import { formatMetricValue, METRIC_DEFINITIONS } from '../domain/alerts/metrics.js';
import { segmentLabel } from '../domain/alerts/segments.js';
import { loadConfigOrExit } from './load-config-or-exit.js';

/** Printable lines: every segment/metric that is worse or elevated, then what changed. */
export function formatReport(report: EvaluationReport, teamNames: Readonly<Record<string, string>>): string[] {
  const lines = [`evaluated ${report.segments.length} segments at ${report.at.toISOString()} in ${report.judgeMs.toFixed(1)} ms`];
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
  for (const [word, alerts] of [['opened', report.opened], ['updated', report.updated], ['resolved', report.resolved]] as const) {
    for (const alert of alerts) lines.push(`${word} alert #${alert.id}: ${segmentLabel(alert.subject, teamNames)} (${alert.metrics.join(', ')})`);
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
      const [{ openStore }, { systemClock }, { createLogger }, { wireAlerts }, { buildIntegrations }, { createMetrics }, { processNextOutboxMessage }, { SLACK_ALERT }] =
        await Promise.all([
          import('../../db/open-store.js'),
          import('../app/clock.js'),
          import('../logger.js'),
          import('../wire-alerts.js'),
          import('../build-integrations.js'),
          import('../metrics.js'),
          import('../app/process-outbox.js'),
          import('../app/alerts/alert-deps.js'),
        ]);
      const logger = createLogger({ level: 'warn', destination: pino.destination(2) });
      const store = await openStore(config.databaseUrl, { migrate: true });
      const metrics = createMetrics({ collectDefaults: false });
      try {
        const poster = options.post ? buildIntegrations(config, logger).alertPoster : null;
        const { service, senders } = await wireAlerts({ config, store, clock: systemClock, logger, metrics, poster });
        const report = await service.evaluate();
        for (const line of formatReport(report, config.alerts.teamNames)) console.log(line);
        if (!senders[SLACK_ALERT]) {
          console.log(options.post ? 'not posted: Slack or SLACK_ALERT_CHANNEL is not configured' : 'not posted (--no-post)');
          return;
        }
        // Sends this kind only: survey and Zendesk messages stay with the service's worker.
        let posted = 0;
        const worker = { outbox: store.outbox, senders, clock: systemClock, logger, metrics, kinds: [SLACK_ALERT] };
        for (let i = 0; i < 200 && (await processNextOutboxMessage(worker)); i++) posted += 1;
        const failed = (await metrics.sends.get()).values.filter((v) => v.labels.outcome !== 'sent').reduce((sum, v) => sum + v.value, 0);
        console.log(`Slack: ${posted - failed} message(s) posted to ${config.slack?.alertChannel}${failed ? `, ${failed} to retry (see the log)` : ''}`);
      } finally {
        await store.close();
      }
    });
}
