import type { NamedSurveyRule } from './survey-rule.js';

/** `surveys.exclude` of EFFORTLESS_CONFIG: cases the operator never wants surveyed. */
export interface SurveyExclusions {
  /** Any of these tags means "solve without a survey" (default `no_survey`, for a macro). */
  tags: string[];
  groupIds: number[];
  formIds: number[];
  brandIds: number[];
  organizationIds: number[];
  /** `example.com` also covers `support.example.com`; compared case-insensitively. */
  emailDomains: string[];
}

export const DEFAULT_SURVEY_EXCLUSIONS: SurveyExclusions = Object.freeze({
  tags: ['no_survey'],
  groupIds: [],
  formIds: [],
  brandIds: [],
  organizationIds: [],
  emailDomains: [],
}) as SurveyExclusions;

export interface ExclusionRuleContext {
  ticket: {
    tags: string[];
    groupId: number | null;
    formId: number | null;
    brandId: number | null;
    organizationId: number | null;
  };
  requester: { email: string | null };
}

export type ExclusionRuleName =
  | 'not_tagged_no_survey'
  | 'group_not_excluded'
  | 'form_not_excluded'
  | 'brand_not_excluded'
  | 'organization_not_excluded'
  | 'email_domain_not_excluded';

type IdField = 'groupId' | 'formId' | 'brandId' | 'organizationId';

/** One rule per list, so a skip names the list that excluded the case. */
export function exclusionRules(
  exclude: SurveyExclusions,
): Array<NamedSurveyRule<ExclusionRuleContext, ExclusionRuleName>> {
  const excludedTags = exclude.tags.map(lower);
  const idRule = (name: ExclusionRuleName, field: IdField, ids: number[], what: string) => ({
    name,
    check: ({ ticket }: ExclusionRuleContext) => {
      const id = ticket[field];
      return id !== null && ids.includes(id) ? `the ticket's ${what} ${id} is excluded from surveys` : null;
    },
  });
  return [
    {
      name: 'not_tagged_no_survey',
      check: ({ ticket }) => {
        const tag = ticket.tags.map(lower).find((candidate) => excludedTags.includes(candidate));
        return tag ? `the ticket is tagged ${tag}` : null;
      },
    },
    idRule('group_not_excluded', 'groupId', exclude.groupIds, 'group'),
    idRule('form_not_excluded', 'formId', exclude.formIds, 'form'),
    idRule('brand_not_excluded', 'brandId', exclude.brandIds, 'brand'),
    idRule('organization_not_excluded', 'organizationId', exclude.organizationIds, 'organization'),
    {
      name: 'email_domain_not_excluded',
      check: ({ requester }) => {
        const domain = emailDomain(requester.email);
        if (!domain) return null;
        const excluded = exclude.emailDomains.map(lower).find((d) => domain === d || domain.endsWith(`.${d}`));
        return excluded ? `the requester's email domain ${domain} is excluded (${excluded})` : null;
      },
    },
  ];
}

function emailDomain(email: string | null): string | null {
  const at = email?.lastIndexOf('@') ?? -1;
  return email && at >= 0 ? lower(email.slice(at + 1)) || null : null;
}

const lower = (value: string) => value.trim().toLowerCase().replace(/^@/, '');
