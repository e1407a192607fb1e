import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { channelFamily, DEFAULT_DRIVER_DEFINITIONS } from '../../src/domain/driver-definitions.js';

function withConfigFile(json: unknown): string {
  const cwd = mkdtempSync(join(tmpdir(), 'effortless-drivers-'));
  writeFileSync(join(cwd, 'effortless.config.json'), JSON.stringify(json));
  return cwd;
}

function problemsOf(json: unknown): string {
  try {
    loadConfig({}, { cwd: withConfigFile(json) });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('effortless.config.json drivers', () => {
  it('defaults to the documented definitions without a drivers section', () => {
    expect(loadConfig({}, { cwd: withConfigFile({}) }).drivers).toEqual(DEFAULT_DRIVER_DEFINITIONS);
  });

  it('reads the handoff rule, channel families and the repeat-contact rule', () => {
    const { drivers } = loadConfig(
      {},
      {
        cwd: withConfigFile({
          drivers: {
            handoffs: 'any-change',
            channelFamilies: { 'chat-messaging': ['chat', 'native_messaging', 'whatsapp'] },
            repeatContact: { windowDays: 3, sameTopic: 'tags', tags: ['billing'] },
          },
        }),
      },
    );
    expect(drivers.handoffs).toBe('any-change');
    expect(channelFamily('whatsapp', drivers.channelFamilies)).toBe('chat-messaging');
    expect(drivers.repeatContact).toEqual({ windowDays: 3, sameTopic: 'tags', tags: ['billing'] });
  });

  it.each([
    { name: 'an unknown handoff rule', drivers: { handoffs: 'sometimes' }, problem: /drivers\.handoffs/ },
    { name: 'an unknown key', drivers: { handoff: 'any-change' }, problem: /handoff/ },
    {
      name: 'a channel in two families',
      drivers: { channelFamilies: { a: ['chat'], b: ['Chat'] } },
      problem: /"chat" is in both a and b/,
    },
    {
      name: 'a tag topic without tags',
      drivers: { repeatContact: { sameTopic: 'tags' } },
      problem: /needs at least one tag/,
    },
    { name: 'a window of 0 days', drivers: { repeatContact: { windowDays: 0 } }, problem: /windowDays/ },
  ])('refuses $name', ({ drivers, problem }) => {
    expect(problemsOf({ drivers })).toMatch(problem);
  });
});
