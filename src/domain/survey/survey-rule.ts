/**
 * The shape every survey policy rule shares: a name that is recorded, and a check that
 * returns the reason it says no (null for yes). A rule switched off by configuration stays
 * in the list with `off` set, so an explanation can say it was not applied and why.
 */
export interface NamedSurveyRule<C, N extends string = string> {
  name: N;
  check(ctx: C): string | null;
  /** Set when configuration switched the rule off: the setting that did. */
  off?: string;
}

export type RuleVerdict<N extends string = string> =
  | { rule: N; verdict: 'pass' }
  | { rule: N; verdict: 'fail'; reason: string }
  | { rule: N; verdict: 'off'; reason: string };

/** Every rule's verdict, in order, without stopping at the first no (for `survey explain`). */
export function explainRules<C, N extends string>(
  ctx: C,
  rules: ReadonlyArray<NamedSurveyRule<C, N>>,
): Array<RuleVerdict<N>> {
  return rules.map((rule): RuleVerdict<N> => {
    if (rule.off) return { rule: rule.name, verdict: 'off', reason: rule.off };
    const reason = rule.check(ctx);
    return reason === null ? { rule: rule.name, verdict: 'pass' } : { rule: rule.name, verdict: 'fail', reason };
  });
}

/** The first rule that says no decides, as with the base policy. */
export function firstNo<N extends string>(verdicts: ReadonlyArray<RuleVerdict<N>>): { rule: N; reason: string } | null {
  const no = verdicts.find((verdict) => verdict.verdict === 'fail');
  return no && no.verdict === 'fail' ? { rule: no.rule, reason: no.reason } : null;
}
