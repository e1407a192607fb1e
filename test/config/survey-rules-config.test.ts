import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';

function withConfig(file: unknown) {
  const cwd = mkdtempSync(join(tmpdir(), 'effortless-config-'));
  writeFileSync(join(cwd, 'effortless.config.json'), JSON.stringify(file));
  return () => loadConfig({}, { cwd });
}

function problemsOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('survey rules in effortless.config.json', () => {
  it('defaults: every conversation rule on, no_survey excluded, ease wording, no reminder, once per ticket', () => {
    const { surveys } = withConfig({})();
    expect(surveys.policy).toEqual({
      skip: {
        noPublicAgentReply: true,
        solvedByAutomation: true,
        noCustomerMessage: true,
        agentRequester: true,
        botUserIds: [],
      },
      exclude: { tags: ['no_survey'], groupIds: [], formIds: [], brandIds: [], organizationIds: [], emailDomains: [] },
    });
    expect(surveys).toMatchObject({ cesWording: 'ease', reminder: null, againOnNewResolution: false });
  });

  it('takes every key', () => {
    const { surveys } = withConfig({
      surveys: {
        skip: { noPublicAgentReply: false, botUserIds: [42] },
        exclude: { tags: ['no_csat'], brandIds: [360020], emailDomains: ['example.com'] },
        cesWording: 'agreement',
        reminder: { afterHours: 24 },
        againOnNewResolution: true,
        rules: [{ when: { tags: ['complaint'] }, ask: 'CES', sample: 0.2 }],
      },
    })();
    expect(surveys.policy.skip).toMatchObject({
      noPublicAgentReply: false,
      solvedByAutomation: true,
      botUserIds: [42],
    });
    expect(surveys.policy.exclude).toMatchObject({
      tags: ['no_csat'],
      brandIds: [360020],
      emailDomains: ['example.com'],
    });
    expect(surveys).toMatchObject({
      cesWording: 'agreement',
      reminder: { afterHours: 24 },
      againOnNewResolution: true,
    });
    expect(surveys.rules[0]?.sample).toBe(0.2);
  });

  it.each([
    { surveys: { rules: [{ when: {}, ask: 'CES', sample: 1.5 }] }, key: /surveys\.rules\.0\.sample/ },
    { surveys: { rules: [{ when: {}, ask: 'CES', sample: 0 }] }, key: /surveys\.rules\.0\.sample/ },
    { surveys: { cesWording: 'ces2' }, key: /surveys\.cesWording/ },
    { surveys: { skip: { noReply: false } }, key: /surveys\.skip.*noReply/ },
    { surveys: { exclude: { emailDomains: ['not a domain'] } }, key: /surveys\.exclude\.emailDomains\.0/ },
    { surveys: { reminder: { afterHours: 0 } }, key: /surveys\.reminder\.afterHours/ },
    { surveys: { againOnNewResolution: 'yes' }, key: /surveys\.againOnNewResolution/ },
  ])('refuses $surveys, naming the key', ({ surveys, key }) => {
    expect(problemsOf(withConfig({ surveys }))).toMatch(key);
  });
});
