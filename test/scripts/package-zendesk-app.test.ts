import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { APP_DIR, packageZendeskApp, REQUIRED_FILES } from '../../scripts/package-zendesk-app.js';

describe('package:zendesk-app', () => {
  it('zips the app with the files Zendesk requires, the service host whitelisted for the secure token', () => {
    const { zip } = packageZendeskApp({ serviceUrl: 'https://effort.acme.test/' });
    const entries = unzipSync(zip);
    for (const file of [...REQUIRED_FILES, 'assets/iframe.html', 'assets/app.js', 'translations/nl.json'])
      expect(Object.keys(entries), file).toContain(file);
    expect(Object.keys(entries)).not.toContain('README.md');
    const manifest = JSON.parse(new TextDecoder().decode(entries['manifest.json']));
    expect(manifest.domainWhitelist).toEqual(['effort.acme.test']);
    expect(manifest.frameworkVersion).toBe('2.0');
    expect(manifest.location.support.ticket_sidebar.url).toBe('assets/iframe.html');
    const parameters = Object.fromEntries(manifest.parameters.map((p: { name: string }) => [p.name, p]));
    expect(parameters.token).toMatchObject({ secure: true, required: true });
    expect(parameters.serviceUrl.default).toBe('https://effort.acme.test');
    expect(entries['assets/app.js']).toEqual(new Uint8Array(readFileSync(join(APP_DIR, 'assets/app.js'))));
  });

  it('the same sources give the same zip', () => {
    const once = packageZendeskApp({ serviceUrl: 'https://effort.acme.test' }).zip;
    expect(packageZendeskApp({ serviceUrl: 'https://effort.acme.test' }).zip).toEqual(once);
  });

  it('refuses a service URL that is not http(s)', () => {
    expect(() => packageZendeskApp({ serviceUrl: 'effort.acme.test' })).toThrow(/not a URL/);
    expect(() => packageZendeskApp({ serviceUrl: 'ftp://effort.acme.test' })).toThrow(/http/);
  });

  it('every UI text exists in English and Dutch, and both translation files name the same settings', () => {
    const load = (file: string) => JSON.parse(readFileSync(join(APP_DIR, file), 'utf8'));
    const keysOf = (value: unknown, prefix = ''): string[] =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.entries(value).flatMap(([k, v]) => keysOf(v, `${prefix}${k}.`))
        : [prefix];
    expect(keysOf(load('translations/nl.json'))).toEqual(keysOf(load('translations/en.json')));
    const sandbox: { window: { EFFORTLESS_STRINGS?: Record<string, unknown> } } = { window: {} };
    new Function('window', readFileSync(join(APP_DIR, 'assets/strings.js'), 'utf8'))(sandbox.window);
    const strings = sandbox.window.EFFORTLESS_STRINGS ?? {};
    expect(keysOf(strings.nl)).toEqual(keysOf(strings.en));
  });
});
