import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { emptyDir, problemsOf } from './config-support.js';
import { DEFAULT_EFFORT_WEIGHTS } from '../../src/domain/effort-index.js';

describe('loadConfig', () => {
  it('starts with no variables at all, every integration off', () => {
    const config = loadConfig({}, { cwd: emptyDir() });
    expect(config).toMatchObject({
      port: 3000,
      publicUrl: 'http://localhost:3000',
      databaseUrl: 'file:data/effortless.db',
      timezone: 'UTC',
      dashboardToken: null,
      surveys: { delaySeconds: 0, cooldownDays: 7, quietHours: { start: '21:00', end: '08:00' } },
      zendesk: { api: null, webhookSecret: null, effortFieldId: null, cesFieldId: null },
      twilio: null,
      slack: null,
    });
    expect(config.effortWeights).toEqual(DEFAULT_EFFORT_WEIGHTS);
  });

  it('reads a complete set of credentials and numeric field ids', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        PUBLIC_URL: 'https://effort.example.com/',
        ZENDESK_URL: 'https://acme.zendesk.com/',
        ZENDESK_EMAIL: 'bot@acme.com',
        ZENDESK_API_TOKEN: 'tok',
        ZENDESK_WEBHOOK_SECRET: 'shh',
        ZENDESK_EFFORT_FIELD_ID: '360001',
        TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
        TWILIO_AUTH_TOKEN: 'twilio-token',
        TWILIO_FROM: '+31612345678',
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 'sig',
      },
      { cwd: emptyDir() },
    );
    expect(config.publicUrl).toBe('https://effort.example.com');
    expect(config.zendesk.api).toEqual({ url: 'https://acme.zendesk.com', email: 'bot@acme.com', apiToken: 'tok' });
    expect(config.zendesk.effortFieldId).toBe(360001);
    expect(config.twilio?.apiUrl).toBe('https://api.twilio.com');
    expect(config.slack?.apiUrl).toBe('https://slack.com/api/');
  });

  it('names every bad variable with the expected form, in one error', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      ZENDESK_URL: 'acme.zendesk.com',
      ZENDESK_EFFORT_FIELD_ID: 'effort',
      QUIET_HOURS: '9pm-8am',
      TIMEZONE: 'Mars/Olympus',
      TWILIO_FROM: '0612345678',
    });
    const joined = problems.join('\n');
    for (const name of ['PORT', 'ZENDESK_URL', 'ZENDESK_EFFORT_FIELD_ID', 'QUIET_HOURS', 'TIMEZONE', 'TWILIO_FROM']) {
      expect(joined).toContain(name);
    }
    expect(joined).toContain('HH:MM-HH:MM');
    expect(joined).toContain('E.164');
    // The incomplete groups are reported in the same error, not after a second attempt.
    expect(joined).toMatch(/ZENDESK_EMAIL, ZENDESK_API_TOKEN: missing/);
    expect(joined).toMatch(/TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN: missing/);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', ZENDESK_URL: ' ', DASHBOARD_TOKEN: '' }, { cwd: emptyDir() }).zendesk.api).toBeNull();
  });

  it('merges effort weights from effortless.config.json', () => {
    const cwd = emptyDir();
    writeFileSync(
      join(cwd, 'effortless.config.json'),
      JSON.stringify({ effort: { weights: { reopen: 30, customerWait: { maxPoints: 20 } } } }),
    );
    const config = loadConfig({}, { cwd });
    expect(config.effortWeights.reopen).toBe(30);
    expect(config.effortWeights.customerWait).toEqual({ ...DEFAULT_EFFORT_WEIGHTS.customerWait, maxPoints: 20 });
    expect(config.effortWeights.channelSwitch).toBe(DEFAULT_EFFORT_WEIGHTS.channelSwitch);
    expect(config.configFile).toBe(join(cwd, 'effortless.config.json'));
  });

  it('refuses unknown weights, unknown sections, bad JSON and a missing named file', () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'typo.json'), JSON.stringify({ effort: { weights: { reopens: 30 } } }));
    writeFileSync(join(cwd, 'extra.json'), JSON.stringify({ efort: {} }));
    writeFileSync(join(cwd, 'broken.json'), '{ nope');
    expect(problemsOf({ EFFORTLESS_CONFIG: 'typo.json' }, cwd).join()).toMatch(/effort\.weights: .*reopens/);
    expect(problemsOf({ EFFORTLESS_CONFIG: 'extra.json' }, cwd).join()).toMatch(/efort/);
    expect(problemsOf({ EFFORTLESS_CONFIG: 'broken.json' }, cwd).join()).toMatch(/not valid JSON/);
    expect(problemsOf({ EFFORTLESS_CONFIG: 'missing.json' }, cwd).join()).toMatch(/file not found/);
  });
});

describe('loadConfig: DATABASE_URL and shutdown', () => {
  it('takes SQLite files in every documented form', () => {
    for (const url of ['file:data/x.db', 'data/x.db', ':memory:', 'file:///tmp/x.db']) {
      expect(loadConfig({ DATABASE_URL: url }, { cwd: emptyDir() }).databaseUrl).toBe(url);
    }
  });

  it('takes a PostgreSQL URL with its pool size, and refuses one without a host', () => {
    const config = loadConfig(
      { DATABASE_URL: 'postgres://effortless:pw@db.internal:5432/effortless', DATABASE_POOL_SIZE: '25' },
      { cwd: emptyDir() },
    );
    expect(config.databaseUrl).toBe('postgres://effortless:pw@db.internal:5432/effortless');
    expect(config.databasePoolSize).toBe(25);
    expect(loadConfig({ DATABASE_URL: 'postgresql://h/db' }, { cwd: emptyDir() }).databasePoolSize).toBe(10);
    expect(problemsOf({ DATABASE_URL: 'postgres://' })).toEqual([
      'DATABASE_URL: expected postgres://user:password@host:5432/database',
    ]);
    expect(problemsOf({ DATABASE_URL: 'file:x.db', DATABASE_POOL_SIZE: '0' })[0]).toMatch(/^DATABASE_POOL_SIZE: /);
  });

  it('takes the SQLite page cache in whole MiB, 4 by default, and refuses anything else', () => {
    expect(loadConfig({}, { cwd: emptyDir() }).sqliteCacheMib).toBe(4);
    expect(loadConfig({ SQLITE_CACHE_MIB: '64' }, { cwd: emptyDir() }).sqliteCacheMib).toBe(64);
    expect(loadConfig({ SQLITE_CACHE_MIB: ' ' }, { cwd: emptyDir() }).sqliteCacheMib).toBe(4);
    for (const bad of ['0', '1.5', 'lots', '-4', '5000'])
      expect(problemsOf({ SQLITE_CACHE_MIB: bad })[0]).toMatch(/^SQLITE_CACHE_MIB: /);
  });

  it('refuses any other scheme', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://localhost/db' })[0]).toMatch(
      /^DATABASE_URL: unsupported scheme mysql:\/\//,
    );
  });

  it('waits 10 s for work in flight by default; SHUTDOWN_GRACE_SECONDS changes it', () => {
    expect(loadConfig({}, { cwd: emptyDir() }).shutdownGraceMs).toBe(10_000);
    expect(loadConfig({ SHUTDOWN_GRACE_SECONDS: '3' }, { cwd: emptyDir() }).shutdownGraceMs).toBe(3_000);
    expect(problemsOf({ SHUTDOWN_GRACE_SECONDS: 'soon' })[0]).toMatch(
      /^SHUTDOWN_GRACE_SECONDS: expected whole seconds/,
    );
  });
});
