import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start ?? '';
const entrypoint = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(read('deploy/Dockerfile'))?.[1] ?? '[]') as string[];

/** The node flags between `node` and the script it runs. */
const nodeFlags = (words: string[]) => words.slice(1, words.indexOf('bin/effortless.js'));

describe('how the service is started', () => {
  it('npm start gives V8 a 1 GiB old space, which keeps its heap close to the live objects (README)', () => {
    expect(start).toBe('exec node --max-old-space-size=1024 bin/effortless.js serve');
  });

  it('the Docker image starts node with the same flags as npm start', () => {
    expect(entrypoint[0]).toBe('node');
    expect(nodeFlags(entrypoint)).toEqual(nodeFlags(start.split(/\s+/).slice(1)));
  });

  it('the README shows the same flag for running the built CLI directly', () => {
    expect(read('README.md')).toContain('node --max-old-space-size=1024 dist/compose/cli/main.js serve');
  });
});
