/**
 * Cuts a provider's OpenAPI 3 or Swagger 2.0 description down to the operations our tests
 * validate against, plus every component those operations reach through `$ref`, so the
 * repository can carry a few kilobytes instead of megabytes (see test/specs/README.md).
 *
 *   npx tsx scripts/trim-openapi.ts <source.json|.yaml> <output.json|.yaml> "<METHOD> <template>"...
 *
 * A keep argument is an HTTP method and a key of the source's `paths` ("GET /users/me");
 * a bare template keeps every operation of that path. Unknown templates or methods are an
 * error, so a typo cannot silently produce a description that lacks an operation. An argument
 * `#/components/<section>/<name>` keeps that component (and what it references) although no
 * kept operation reaches it: webhook payloads, which a description lists under `x-webhooks`.
 * A top-level extension (`x-...`) whose references are not all kept is left out, so the
 * excerpt never holds a dangling `$ref`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

type Json = Record<string, unknown>;

export interface KeptOperation {
  /** Lower-case HTTP method, or null for every operation of the path. */
  method: string | null;
  template: string;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Swagger 2.0 keeps reusable parts at the top level, OpenAPI 3 under `components`. */
const SWAGGER_SECTIONS = ['definitions', 'parameters', 'responses'];

export function parseKeep(argument: string): KeptOperation {
  const match = /^(?:([A-Za-z]+)\s+)?(\/\S*)$/.exec(argument.trim());
  if (!match?.[2]) throw new Error(`keep "${argument}": expected "<METHOD> /path/template" or "/path/template"`);
  const method = match[1]?.toLowerCase() ?? null;
  if (method && !HTTP_METHODS.includes(method)) throw new Error(`keep "${argument}": unknown method ${method}`);
  return { method, template: match[2] };
}

export function trimOpenApi(source: Json, keep: KeptOperation[], note: string, componentRoots: string[] = []): Json {
  const sourcePaths = (source.paths ?? {}) as Record<string, Json>;
  const paths: Record<string, Json> = {};
  for (const { method, template } of keep) {
    const item = sourcePaths[template];
    if (!item) throw new Error(`no path ${template} in the source`);
    if (method && !(method in item)) throw new Error(`no ${method.toUpperCase()} ${template} in the source`);
    paths[template] ??= Object.fromEntries(Object.entries(item).filter(([key]) => !HTTP_METHODS.includes(key)));
    const kept = paths[template];
    for (const key of method ? [method] : HTTP_METHODS.filter((m) => m in item)) kept[key] = item[key];
  }
  // Source order, so that regenerating with the keep list in another order changes nothing.
  const orderedPaths: Record<string, Json> = {};
  for (const template of Object.keys(sourcePaths)) if (paths[template]) orderedPaths[template] = paths[template];

  const reached = reachableEntries(source, [orderedPaths, componentRoots.map(($ref) => ({ $ref }))]);
  const usedTags = new Set(
    Object.values(orderedPaths).flatMap((item) =>
      HTTP_METHODS.flatMap((m) => ((item[m] as Json | undefined)?.tags as string[] | undefined) ?? []),
    ),
  );

  const trimmed: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'paths') trimmed.paths = orderedPaths;
    else if (key === 'components')
      trimmed.components = keepEntries(value as Json, ['components'], reached, ['securitySchemes']);
    else if (SWAGGER_SECTIONS.includes(key)) trimmed[key] = pickEntries(value as Json, [key], reached);
    else if (key === 'tags') trimmed.tags = (value as Json[]).filter((tag) => usedTags.has(tag.name as string));
    else if (key.startsWith('x-') && !refsIn(value).every((ref) => reached.has(entryKey(ref)))) continue;
    else trimmed[key] = value;
    if (key === 'info') trimmed['x-trimmed'] = note;
  }
  return trimmed;
}

/** `$ref` targets reached from `roots`, transitively, as entry keys such as `components/schemas/Ticket`. */
function reachableEntries(source: Json, roots: unknown): Set<string> {
  const reached = new Set<string>();
  const pending: unknown[] = [roots];
  while (pending.length > 0) {
    for (const ref of refsIn(pending.pop())) {
      const segments = pointerSegments(ref);
      const depth = segments[0] === 'components' ? 3 : 2;
      if (!(segments[0] === 'components' || SWAGGER_SECTIONS.includes(segments[0] ?? '')) || segments.length < depth) {
        throw new Error(`$ref ${ref} points outside the reusable sections; this script does not follow it`);
      }
      const entry = segments.slice(0, depth);
      const key = entryKey(ref);
      if (reached.has(key)) continue;
      const target = entry.reduce<unknown>((node, segment) => (node as Json | undefined)?.[segment], source);
      if (target === undefined) throw new Error(`$ref ${ref} does not resolve in the source`);
      reached.add(key);
      pending.push(target);
    }
  }
  return reached;
}

/** The reusable entry a `$ref` points into, such as `components/schemas/Ticket`. */
function entryKey(ref: string): string {
  const segments = pointerSegments(ref);
  return segments.slice(0, segments[0] === 'components' ? 3 : 2).join('/');
}

/** Every `$ref` string under `node`. */
export function refsIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) refsIn(item, found);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refsIn(value, found);
    }
  }
  return found;
}

/** `#/components/schemas/A~1B` → ['components', 'schemas', 'A/B']; external refs are refused. */
export function pointerSegments(ref: string): string[] {
  if (!ref.startsWith('#/')) throw new Error(`$ref ${ref} is not local to the document; this script keeps one file`);
  return ref
    .slice(2)
    .split('/')
    .map((segment) => decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~'));
}

function keepEntries(sections: Json, prefix: string[], reached: Set<string>, keepWhole: string[]): Json {
  const kept: Json = {};
  for (const [name, entries] of Object.entries(sections)) {
    const picked = keepWhole.includes(name) ? entries : pickEntries(entries as Json, [...prefix, name], reached);
    if (Object.keys(picked as Json).length > 0) kept[name] = picked;
  }
  return kept;
}

function pickEntries(entries: Json, prefix: string[], reached: Set<string>): Json {
  return Object.fromEntries(Object.entries(entries).filter(([name]) => reached.has([...prefix, name].join('/'))));
}

function isYaml(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

function main(args: string[]): void {
  const [sourceFile, outputFile, ...keepArgs] = args;
  if (!sourceFile || !outputFile || keepArgs.length === 0) {
    throw new Error('usage: npx tsx scripts/trim-openapi.ts <source> <output> "<METHOD> <template>"...');
  }
  const text = readFileSync(sourceFile, 'utf8');
  const source = (isYaml(sourceFile) ? parseYaml(text) : JSON.parse(text)) as Json;
  const roots = keepArgs.filter((arg) => arg.startsWith('#/'));
  const keep = keepArgs.filter((arg) => !arg.startsWith('#/')).map(parseKeep);
  const listed = [...keep.map((k) => `${k.method?.toUpperCase() ?? 'ALL'} ${k.template}`), ...roots].join(', ');
  const note = `Excerpt of ${basename(sourceFile)}: only ${listed}, and the components they reference. See README.md beside this file.`;
  const trimmed = trimOpenApi(source, keep, note, roots);

  const output = isYaml(outputFile)
    ? stringifyYaml(trimmed, { lineWidth: 0, aliasDuplicateObjects: false })
    : `${JSON.stringify(trimmed, null, 1)}\n`;
  // The validator re-parses the file; make sure what we wrote reads back as what we meant.
  const reread: unknown = isYaml(outputFile) ? parseYaml(output) : JSON.parse(output);
  if (!isDeepStrictEqual(reread, trimmed))
    throw new Error('the written description does not parse back to the trimmed one');
  writeFileSync(outputFile, output);
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  console.log(
    `${outputFile}: ${Object.keys(trimmed.paths as Json).length} paths, ${bytes(output)} bytes (source ${bytes(text)})`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
