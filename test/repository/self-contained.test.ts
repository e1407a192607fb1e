import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findOutsideReferences, listRepositoryFiles } from './outside-references.js';

/**
 * Issue 9: a plain clone is the whole product. Nothing in the repository may read or cite a
 * path outside it (a sibling folder, a file that only exists on one machine) at build, test
 * or run time; the contract lives in docs/contract.md and the API descriptions in test/specs/.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the repository is self-contained', () => {
  const files = listRepositoryFiles(ROOT);

  it('scans sources, tests, scripts and docs', () => {
    for (const folder of ['src/', 'integrations/', 'db/', 'demo/', 'test/', 'scripts/', 'docs/']) {
      expect(
        files.some((file) => file.startsWith(folder)),
        folder,
      ).toBe(true);
    }
  });

  it('no file refers to a path outside the repository', () => {
    const findings = files.flatMap((file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      if (text.includes('\u0000')) return []; // binary: not a reference anyone reads
      return findOutsideReferences(ROOT, file, text);
    });
    expect(findings.map((found) => `${found.file}:${found.line} ${found.reason}: ${found.excerpt}`)).toEqual([]);
  });
});
