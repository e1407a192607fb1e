import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findOutsideReferences, listRepositoryFiles } from './outside-references.js';

/**
 * The inputs below are assembled from pieces (`UP`, `call`, ...) so that this file, which the
 * guard scans like any other, does not itself contain the references it shows being caught.
 */
const ROOT = '/repo';
const UP = '..';
const up = (times: number) => Array.from({ length: times }, () => UP).join('/');
const SPECS_FOLDER = ['shared', 'specs'].join('/');
const CONTRACT_FILE = ['CONTRACT', 'md'].join('.');
const moduleUrl = (literal: string, quote = "'") =>
  `${['new', 'URL('].join(' ')}${quote}${literal}${quote}, import.meta.url)`;
const call = (fn: string, ...args: string[]) => `${fn}(${args.join(', ')})`;
const quoted = (text: string) => `'${text}'`;

const reasons = (file: string, text: string) => findOutsideReferences(ROOT, file, text).map((found) => found.reason);

describe('findOutsideReferences', () => {
  it('catches the shared folder, its specs and the bare contract file anywhere', () => {
    expect(reasons('src/a.ts', `// specs live in ${UP}/shared`)).toEqual(['the shared folder beside the repository']);
    expect(reasons('test/fixtures/x/README.md', `validated against \`${SPECS_FOLDER}/x.json\``)).toHaveLength(1);
    expect(reasons('src/b.ts', `/** The shape of ${CONTRACT_FILE}. */`)).toEqual([
      'the outside contract file (cite docs/contract.md)',
    ]);
    expect(reasons('README.md', `see ${CONTRACT_FILE}, section Commands`)).toHaveLength(1);
  });

  it('passes the in-repo contract and specs', () => {
    expect(reasons('src/b.ts', '/** The shape of docs/contract.md. */')).toEqual([]);
    expect(reasons('README.md', 'in `test/specs/` and [the contract](docs/contract.md)')).toEqual([]);
    expect(reasons('docs/architecture.md', 'the contract is [contract.md](contract.md)')).toEqual([]);
  });

  it('catches a module-relative URL that climbs out of the repository, and one that starts at /', () => {
    const file = 'test/integrations/twilio/support.ts';
    expect(reasons(file, moduleUrl(`${up(4)}/elsewhere/spec.json`))).toHaveLength(1);
    expect(reasons(file, moduleUrl(`${up(4)}/elsewhere/\${file}`, '`'))).toHaveLength(1);
    expect(reasons(file, moduleUrl('/etc/spec.json', '"'))).toHaveLength(1);
  });

  it('passes module-relative URLs that stay inside, and ones built from variables', () => {
    const file = 'test/integrations/twilio/support.ts';
    expect(reasons(file, moduleUrl(`${up(2)}/specs/twilio_api_v2010.json`))).toEqual([]);
    expect(reasons(file, moduleUrl(`${up(3)}/package.json`))).toEqual([]);
    expect(reasons(file, moduleUrl('${name}.json', '`'))).toEqual([]);
    expect(reasons('test/repository/x.test.ts', moduleUrl(`${up(2)}/`))).toEqual([]);
  });

  it('catches resolve and join calls whose literal segments climb out from the file', () => {
    expect(
      reasons('scripts/x.ts', call('resolve', '__dirname', quoted(UP), quoted(UP), quoted('shared'))),
    ).toHaveLength(1);
    expect(reasons('test/a/b.ts', call('path.join', 'here', quoted(`${up(3)}/outside`)))).toHaveLength(1);
  });

  it('passes resolve and join calls that stay inside or carry no relative literal', () => {
    expect(reasons('test/a/b.ts', call('join', 'here', quoted(`${up(1)}/fixtures`)))).toEqual([]);
    expect(reasons('test/support/openapi.ts', call('resolve', 'specPath'))).toEqual([]);
    expect(reasons('src/x.ts', `lines${call('.join', quoted('\\n'))}`)).toEqual([]);
  });

  it('counts a built file as inside when its path works from dist/, where it runs', () => {
    // The real root, whose tsconfig.build.json says which folders are compiled into dist/.
    const root = fileURLToPath(new URL(`${up(2)}/`, import.meta.url));
    const inRepo = (file: string, text: string) => findOutsideReferences(root, file, text);
    const fromDist = call('join', 'here', quoted(UP), quoted(UP), quoted('db'), quoted('migrations'));
    expect(inRepo('db/migrate.ts', fromDist)).toEqual([]);
    expect(inRepo('db/migrate.ts', call('join', 'here', quoted(up(3))))).toHaveLength(1);
    expect(inRepo('test/x.ts', fromDist)).toHaveLength(1);
  });

  it('catches markdown links and reference definitions that leave the repository', () => {
    const file = 'test/fixtures/zendesk/README.md';
    expect(reasons(file, `[spec](${up(4)}/x.md)`)).toHaveLength(1);
    expect(reasons(file, `[spec]: ${up(4)}/x.md`)).toHaveLength(1);
  });

  it('passes in-repo, absolute-URL, anchor and root-relative markdown links', () => {
    const file = 'test/fixtures/zendesk/README.md';
    const links = [
      `[a](${up(2)}/specs/README.md)`,
      `[b](https://example.com/${up(5)}/x)`,
      '[c](#rest)',
      '[d](/README.md)',
    ];
    expect(reasons(file, links.join('\n'))).toEqual([]);
  });

  it('applies code patterns to code and link patterns to markdown only', () => {
    expect(reasons('test/a/b.ts', `// [x](${up(5)}/y.md)`)).toEqual([]);
    expect(reasons('docs/a.md', moduleUrl(`${up(5)}/y.json`))).toEqual([]);
  });

  it('reports the line of each finding', () => {
    const [found] = findOutsideReferences(ROOT, 'src/c.ts', `a\nb\n// ${CONTRACT_FILE}\n`);
    expect(found).toMatchObject({ file: 'src/c.ts', line: 3, excerpt: `// ${CONTRACT_FILE}` });
  });
});

describe('listRepositoryFiles', () => {
  it('lists what a clone carries and skips installed, built and local folders', () => {
    const files = listRepositoryFiles(fileURLToPath(new URL(`${up(2)}/`, import.meta.url)));
    expect(files).toEqual(
      expect.arrayContaining([
        'README.md',
        'package.json',
        'docs/contract.md',
        'test/repository/outside-references.ts',
      ]),
    );
    expect(
      files.filter((file) => /^(node_modules|dist|\.git)\//.test(file) || file.includes('/node_modules/')),
    ).toEqual([]);
    expect(files).not.toContain('package-lock.json');
  });
});
