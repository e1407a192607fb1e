/** One group of surveys as the store counts them (see SurveyStore.countOutcomes). */
export interface SurveyOutcomeGroup {
  channel: string | null;
  journeyRule: number | null;
  status: string;
  skipRule: string | null;
  sent: boolean;
  answered: boolean;
  count: number;
}

export interface ResponseRate {
  sent: number;
  answered: number;
  /** answered / sent; null before anything was sent. */
  responseRate: number | null;
}

export interface SurveyRates {
  total: ResponseRate;
  /** By survey channel (`sms`, `slack`). */
  byChannel: Record<string, ResponseRate>;
  /** By journey rule: `rule 1`, `rule 2`, ... in `surveys.rules`, or `default` (CES). */
  byJourneyRule: Record<string, ResponseRate>;
  /** Surveys not sent, by the policy rule that said no (skipped, or cancelled by a reopen). */
  skippedByRule: Record<string, number>;
}

/** Statuses of a survey a rule stopped before it went out. */
const NOT_SENT = new Set(['skipped', 'cancelled']);

export function journeyRuleLabel(journeyRule: number | null): string {
  return journeyRule === null ? 'default' : `rule ${journeyRule}`;
}

/** Sent, answered and response rate per channel and per journey rule; skips per policy rule. */
export function summarizeSurveyRates(groups: readonly SurveyOutcomeGroup[]): SurveyRates {
  const rates: SurveyRates = { total: empty(), byChannel: {}, byJourneyRule: {}, skippedByRule: {} };
  for (const group of groups) {
    if (NOT_SENT.has(group.status)) {
      const rule = group.skipRule ?? 'unknown';
      rates.skippedByRule[rule] = (rates.skippedByRule[rule] ?? 0) + group.count;
      continue;
    }
    if (!group.sent) continue; // scheduled, or failed before it reached the provider
    const channel = group.channel ?? 'unknown';
    const rule = journeyRuleLabel(group.journeyRule);
    rates.byChannel[channel] ??= empty();
    rates.byJourneyRule[rule] ??= empty();
    for (const target of [rates.total, rates.byChannel[channel], rates.byJourneyRule[rule]]) {
      target.sent += group.count;
      if (group.answered) target.answered += group.count;
    }
  }
  for (const rate of [rates.total, ...Object.values(rates.byChannel), ...Object.values(rates.byJourneyRule)])
    rate.responseRate = rate.sent === 0 ? null : rate.answered / rate.sent;
  return rates;
}

function empty(): ResponseRate {
  return { sent: 0, answered: 0, responseRate: null };
}
