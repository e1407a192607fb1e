import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Service {
  environment?: Record<string, string>;
  command?: string[];
  depends_on?: unknown;
}

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const compose = parse(read('deploy/compose.yaml'), { merge: true }) as { services: Record<string, Service> };
const contract = read('docs/contract.md');
const instances = Object.keys(compose.services).filter((name) => name.startsWith('effortless-'));
const postgres = compose.services.postgres as Service;

/** A value as compose substitutes it, with the variables the deploy guide asks for. */
const substituted = (value: string) =>
  value.replace(/\$\{(\w+)(?::-([^}]*)|:\?[^}]*)?\}/g, (_, name: string, fallback?: string) =>
    name === 'POSTGRES_PASSWORD' ? 'pw' : (fallback ?? ''),
  );

describe('deploy/compose.yaml', () => {
  it('runs two instances on the one PostgreSQL service, with the same public address', () => {
    expect(instances).toEqual(['effortless-1', 'effortless-2']);
    const env = postgres.environment ?? {};
    const urls = instances.map((name) => new URL(substituted(compose.services[name]?.environment?.DATABASE_URL ?? '')));
    for (const url of urls) {
      expect(url.protocol).toBe('postgres:');
      expect(url.hostname).toBe('postgres');
      expect(url.username).toBe(env.POSTGRES_USER);
      expect(url.pathname).toBe(`/${env.POSTGRES_DB}`);
    }
    const publicUrls = new Set(instances.map((name) => compose.services[name]?.environment?.PUBLIC_URL));
    expect(publicUrls.size).toBe(1);
  });

  it('keeps every pool together below max_connections, with room for migrate, copy-db and backups', () => {
    const setting = (postgres.command ?? []).find((arg) => arg.startsWith('max_connections='));
    const maxConnections = Number(setting?.split('=')[1]);
    const pools = instances.map((name) => Number(compose.services[name]?.environment?.DATABASE_POOL_SIZE));
    expect(pools.every((size) => size > 0)).toBe(true);
    expect(pools.reduce((a, b) => a + b, 0) + 10).toBeLessThanOrEqual(maxConnections);
  });

  it('sets only variables the contract documents', () => {
    const example = read('deploy/effortless.env.example')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split('=')[0] as string);
    const names = new Set([
      ...instances.flatMap((name) => Object.keys(compose.services[name]?.environment ?? {})),
      ...example,
    ]);
    const undocumented = [...names].filter((name) => !contract.includes(`\`${name}\``));
    expect(undocumented).toEqual([]);
  });

  it('puts the instances behind one address that routes only to ready ones', () => {
    const caddy = read('deploy/Caddyfile');
    expect(caddy).toMatch(new RegExp(`reverse_proxy ${instances.map((name) => `${name}:3000`).join(' ')} \\{`));
    expect(caddy).toContain('health_uri /readyz');
    expect(contract).toContain('`GET /readyz`');
  });
});
