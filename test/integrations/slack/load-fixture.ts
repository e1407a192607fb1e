import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../../fixtures/slack/', import.meta.url));

/** Raw text, for signing exactly the bytes Slack would send. */
export function readFixtureText(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

/** A fresh parsed copy per call, so a test may change it without touching other tests. */
export function loadFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFixtureText(name)) as T;
}
