import { type Command, InvalidArgumentError } from 'commander';
import { pino } from 'pino';
import type { SurveyExplanation } from '../../src/app/surveys/explain-survey.js';
import { loadConfigOrExit } from './load-config-or-exit.js';

function ticketId(value: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new InvalidArgumentError('expected a Zendesk ticket id');
  return id;
}

/** Printable lines: the journey rule, the question and channel, each rule's verdict, the outcome. */
export function formatSurveyExplanation(explanation: SurveyExplanation): string[] {
  const { journey, question, channel, decision } = explanation;
  const rule = journey.rule === null ? 'no journey rule matched: the default (CES)' : `journey rule ${journey.rule}`;
  const when = journey.when ? ` when ${JSON.stringify(journey.when)}` : '';
  const sample = journey.sample < 1 ? `, sampling ${journey.sample}` : '';
  const width = Math.max(...explanation.verdicts.map((v) => v.rule.length));
  const lines = [
    `ticket ${explanation.ticketId} (status ${explanation.status}); nothing is sent`,
    `${rule}${when}${sample}`,
    `question: ${question.kind}${question.wording ? ` (${question.wording} wording)` : ''}, ${question.language}, version ${question.wordingVersion}`,
    `  "${question.text}"`,
    channel.chosen
      ? `channel: ${channel.chosen} to ${channel.address ?? 'unknown address'} (reachable on: ${channel.candidates.join(', ')})`
      : 'channel: none reaches this customer',
    'rules:',
    ...explanation.verdicts.map(
      (v) => `  ${v.verdict.padEnd(4)} ${v.verdict === 'pass' ? v.rule : `${v.rule.padEnd(width)}  ${v.reason}`}`,
    ),
    decision.send ? 'decision: send' : `decision: no survey (${decision.rule}: ${decision.reason})`,
  ];
  const existing = explanation.existingSurvey;
  if (existing)
    lines.push(
      `recorded: survey #${existing.id} ${existing.status}${existing.skipRule ? ` (${existing.skipRule}: ${existing.skipReason})` : ''}`,
    );
  return lines;
}

/** `effortless survey explain --ticket N`: the survey decision for one ticket, read from Zendesk; sends nothing. */
export function registerSurveyCommand(program: Command): void {
  const survey = program.command('survey').description('survey tools');
  survey
    .command('explain')
    .description(
      'read a ticket from Zendesk and print the journey rule, question and channel it would get, and every policy rule’s verdict; sends nothing',
    )
    .requiredOption('--ticket <id>', 'the Zendesk ticket id', ticketId)
    .option('--json', 'print the explanation as JSON (as GET /api/tickets/{id}/survey-decision answers)')
    .action(async (options: { ticket: number; json?: boolean }) => {
      const config = loadConfigOrExit();
      if (!config.zendesk.api) {
        console.error('effortless survey explain: set ZENDESK_URL, ZENDESK_EMAIL and ZENDESK_API_TOKEN');
        process.exitCode = 1;
        return;
      }
      const [{ buildService }, { createLogger }, { explainSurvey }] = await Promise.all([
        import('../build-service.js'),
        import('../../src/logger.js'),
        import('../../src/app/surveys/explain-survey.js'),
      ]);
      const logger = createLogger({ level: 'warn', destination: pino.destination(2) });
      const service = await buildService(config, { logger });
      try {
        const explanation = await explainSurvey({ ...service.surveys, zendesk: service.zendesk! }, options.ticket);
        if (!explanation) {
          console.error(`effortless survey explain: Zendesk has no ticket ${options.ticket}`);
          process.exitCode = 1;
          return;
        }
        console.log(
          options.json ? JSON.stringify(explanation, null, 2) : formatSurveyExplanation(explanation).join('\n'),
        );
      } catch (error) {
        console.error(`effortless survey explain: ${(error as Error).message}`);
        process.exitCode = 1;
      } finally {
        await service.close();
      }
    });
}
