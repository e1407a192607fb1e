import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * Finds places where a repository file refers to something outside the repository: a plain
 * clone must build, test and run on its own (issue 9). Used by self-contained.test.ts.
 *
 * The patterns are written so that this file does not match them itself (escaped dots and
 * slashes), which keeps the guard free of exclusions.
 */
export interface OutsideReference {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  line: number;
  reason: string;
  excerpt: string;
}

/** Names that only ever mean the folder that used to sit beside the repository. */
const NAMED_OUTSIDE: Array<{ pattern: RegExp; reason: string }> = [
  { pattern: /\.\.\/shared\b/g, reason: 'the shared folder beside the repository' },
  { pattern: /\bshared\/specs\b/g, reason: 'the specs folder outside the repository (use test/specs/)' },
  // Case-sensitive: the outside file is upper-case; docs/contract.md (and a link to it from
  // inside docs/, `contract.md`) is the repository's own copy.
  { pattern: /(?<!docs\/)\bCONTRACT\.md\b/g, reason: 'the outside contract file (cite docs/contract.md)' },
];

/** Folders tsc compiles into dist/: tsconfig.build.json's `include`, read once per root. */
const builtFolders = new Map<string, string[]>();
function foldersBuiltInto(root: string): string[] {
  let folders = builtFolders.get(root);
  if (!folders) {
    const config = join(root, 'tsconfig.build.json');
    folders = existsSync(config)
      ? ((JSON.parse(readFileSync(config, 'utf8')) as { include?: string[] }).include ?? [])
      : [];
    builtFolders.set(root, folders);
  }
  return folders;
}

const CODE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);

/** A URL built from a string literal against the module's own location. */
const MODULE_URL = /new\s+URL\(\s*(['"`])((?:(?!\1)[^\\]|\\.)*)\1\s*,\s*import\.meta\.url/g;
/** path.resolve / path.join (or a bare import of them) with string literal arguments. */
const PATH_CALL = /\b(?:resolve|join)\(([^()]*)\)/g;
const STRING_LITERAL = /(['"`])((?:(?!\1)[^\\]|\\.)*)\1/g;
/** Inline markdown links and images, `[text](target)`, and reference definitions, `[id]: target`. */
const MARKDOWN_LINK = /\]\(\s*<?([^)\s>]+)/g;
const MARKDOWN_DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm;

export function findOutsideReferences(root: string, file: string, text: string): OutsideReference[] {
  const found: OutsideReference[] = [];
  const report = (index: number, reason: string) => {
    const line = text.slice(0, index).split('\n').length;
    found.push({ file, line, reason, excerpt: (text.split('\n')[line - 1] ?? '').trim().slice(0, 160) });
  };
  // Code under the build's folders also runs from dist/<same folder> (tsconfig.build.json),
  // so a path is outside only if it leaves the repository from every place the file runs.
  const folders = [dirname(resolve(root, file))];
  if (foldersBuiltInto(root).some((built) => file.startsWith(`${built}/`)))
    folders.push(dirname(resolve(root, 'dist', file)));
  const escapes = (target: string) => folders.every((folder) => isOutside(root, resolve(folder, target)));

  for (const { pattern, reason } of NAMED_OUTSIDE) {
    for (const match of text.matchAll(pattern)) report(match.index, reason);
  }

  if (CODE_EXTENSIONS.has(extname(file))) {
    for (const match of text.matchAll(MODULE_URL)) {
      const literal = staticPrefix(match[2] ?? '');
      if (literal.startsWith('/') || (isRelative(literal) && escapes(literal))) {
        report(match.index, `module-relative URL ${literal} leaves the repository`);
      }
    }
    for (const match of text.matchAll(PATH_CALL)) {
      const segments = [...(match[1] ?? '').matchAll(STRING_LITERAL)].map((literal) => staticPrefix(literal[2] ?? ''));
      const relativeSegments = segments.filter(isRelative);
      if (relativeSegments.some((segment) => segment.startsWith('..')) && escapes(join(...relativeSegments))) {
        report(match.index, `path ${relativeSegments.join(', ')} from the file's folder leaves the repository`);
      }
    }
  }

  if (extname(file) === '.md') {
    for (const pattern of [MARKDOWN_LINK, MARKDOWN_DEFINITION]) {
      for (const match of text.matchAll(pattern)) {
        const target = (match[1] ?? '').split('#')[0]?.split('?')[0] ?? '';
        // URLs with a scheme, in-page anchors and root-relative links stay where they are.
        if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/')) continue;
        if (escapes(decodeURIComponent(target))) report(match.index, `markdown link ${target} leaves the repository`);
      }
    }
  }
  return found;
}

/** Folders that are generated, installed or local, never part of what a clone carries. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', 'dist', 'data', 'coverage']);
/** Generated (the lock file) or local (.env) files the guard has no say over. */
const SKIPPED_FILES = new Set(['package-lock.json', '.env']);

/** Every file of the working tree that a clone carries, relative to `root`, sorted. */
export function listRepositoryFiles(root: string, folder = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
    const path = folder ? `${folder}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) files.push(...listRepositoryFiles(root, path));
    } else if (entry.isFile() && !SKIPPED_FILES.has(entry.name) && !/\.db(-wal|-shm)?$/.test(entry.name)) {
      files.push(path);
    }
  }
  return files.sort();
}

function isOutside(root: string, target: string): boolean {
  const path = relative(resolve(root), target);
  return path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path);
}

function isRelative(literal: string): boolean {
  return literal === '.' || literal === '..' || literal.startsWith('./') || literal.startsWith('../');
}

/** The part of a template literal before its first substitution. */
function staticPrefix(literal: string): string {
  const substitution = literal.indexOf('${');
  return substitution === -1 ? literal : literal.slice(0, substitution);
}
