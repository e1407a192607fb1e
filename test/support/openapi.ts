import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

/**
 * Contract check for mocked provider responses: finds the operation of an OpenAPI 3.0 or
 * Swagger 2.0 description that serves a concrete request path and validates a response
 * body against the documented schema. Specs are parsed once per process (they are
 * megabytes of YAML/JSON) and each response schema is compiled once.
 */
export interface ResponseUnderTest {
  method: string;
  /** Concrete path as sent, e.g. `/api/v2/tickets/1.json`; a query string is ignored. */
  path: string;
  status: number;
  body: unknown;
}

type Json = Record<string, unknown>;

interface LoadedSpec {
  doc: Json;
  key: string;
  ajv: Ajv;
  validators: Map<string, ValidateFunction>;
}

const specs = new Map<string, LoadedSpec>();

// ajv-formats is CommonJS with a default export; under NodeNext the callable sits on `.default`.
const addFormats = ((addFormatsPlugin as unknown as { default?: unknown }).default ?? addFormatsPlugin) as unknown as (
  ajv: Ajv,
) => Ajv;

export function validateAgainstSpec(specPath: string, response: ResponseUnderTest): string[] {
  const spec = loadSpec(specPath);
  const operation = findOperation(spec.doc, response.method, response.path);
  if (!operation) return [`no ${response.method.toUpperCase()} operation serves ${response.path}`];

  const pointer = responseSchemaPointer(operation, response.status);
  if (!pointer) {
    return [`${operation.template} documents no JSON schema for status ${response.status}`];
  }
  let validate = spec.validators.get(pointer);
  if (!validate) {
    validate = spec.ajv.compile({ $ref: `${spec.key}#${pointer}` });
    spec.validators.set(pointer, validate);
  }
  if (validate(response.body)) return [];
  return (validate.errors ?? []).map(
    (error) =>
      `${operation.template} ${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
  );
}

/**
 * Validates `value` against one schema of the description, by JSON pointer
 * (`/components/schemas/messagePost`): request bodies we send and webhook payloads we
 * receive, which no response lookup reaches.
 */
export function validateAgainstSchema(specPath: string, pointer: string, value: unknown): string[] {
  const spec = loadSpec(specPath);
  let validate = spec.validators.get(pointer);
  if (!validate) {
    validate = spec.ajv.compile({ $ref: `${spec.key}#${pointer}` });
    spec.validators.set(pointer, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (error) => `${pointer} ${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
  );
}

function loadSpec(specPath: string): LoadedSpec {
  const absolute = resolve(specPath);
  const cached = specs.get(absolute);
  if (cached) return cached;

  const text = readFileSync(absolute, 'utf8');
  const doc = (absolute.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as Json;
  const formats = new Set<string>();
  convertOpenApiIdioms(doc, formats);

  // strict: false because OpenAPI schemas carry keywords JSON Schema does not know
  // (example, xml, discriminator, externalDocs); they are annotations, not constraints.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  // Vendor formats such as Zendesk's `datetime` are descriptive only: accept any value.
  for (const format of formats) if (!(format in ajv.formats)) ajv.addFormat(format, true);
  const key = `spec://${absolute.replaceAll('\\', '/')}`;
  ajv.addSchema(doc, key);

  const loaded = { doc, key, ajv, validators: new Map<string, ValidateFunction>() };
  specs.set(absolute, loaded);
  return loaded;
}

/**
 * OpenAPI 3.0 `nullable: true` is not JSON Schema; rewrite it to a `null` type so that
 * documented nulls validate (and enums accept null, as OAS 3.0.3 intends).
 */
function convertOpenApiIdioms(node: unknown, formats: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) convertOpenApiIdioms(item, formats);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as Json;
  for (const value of Object.values(schema)) convertOpenApiIdioms(value, formats);
  if (typeof schema.format === 'string') formats.add(schema.format);
  resolveDiscriminator(schema);
  if (schema.nullable === true || schema['x-nullable'] === true) {
    delete schema.nullable;
    delete schema['x-nullable'];
    if (typeof schema.type === 'string') {
      schema.type = [schema.type, 'null'];
      if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum.push(null);
    } else if (schema.type === undefined) {
      const rest = { ...schema };
      for (const k of Object.keys(schema)) delete schema[k];
      schema.anyOf = [rest, { type: 'null' }];
    }
  } else if (schema.nullable === false) {
    delete schema.nullable;
  }
}

/**
 * OpenAPI's `discriminator` picks the one `oneOf` branch named by a property (`type: reply`);
 * plain JSON Schema would demand that exactly one branch match, which fails for branches that
 * differ only in that property (Conversations' `reply` and `postback` actions). Rewritten as
 * one implication per value: by `mapping`, or, without one, by the branch's component name (the
 * OpenAPI 3.0 rule). The property must hold one of the named values.
 */
function resolveDiscriminator(schema: Json): void {
  const discriminator = schema.discriminator as
    | { propertyName?: unknown; mapping?: Record<string, string> }
    | undefined;
  if (!Array.isArray(schema.oneOf) || typeof discriminator?.propertyName !== 'string') return;
  const property = discriminator.propertyName;
  const mapping =
    discriminator.mapping ??
    Object.fromEntries(
      (schema.oneOf as Json[])
        .map((branch) => branch.$ref)
        .filter((ref): ref is string => typeof ref === 'string')
        .map((ref) => [ref.split('/').pop()!, ref]),
    );
  delete schema.oneOf;
  delete schema.discriminator;
  schema.required = [...new Set([...((schema.required as string[] | undefined) ?? []), property])];
  schema.properties = {
    ...((schema.properties as Json | undefined) ?? {}),
    [property]: { enum: Object.keys(mapping) },
  };
  // "if the property is `value` then the branch", as "not `value`, or the branch".
  schema.allOf = Object.entries(mapping).map(([value, $ref]) => ({
    anyOf: [{ not: { properties: { [property]: { const: value } } } }, { $ref }],
  }));
}

interface FoundOperation {
  /** The template with any Swagger 2.0 basePath, for messages. */
  template: string;
  /** The key under `paths`. */
  key: string;
  method: string;
  item: Json;
}

function findOperation(doc: Json, method: string, concretePath: string): FoundOperation | null {
  const paths = (doc.paths ?? {}) as Record<string, Json>;
  const basePath = typeof doc.basePath === 'string' && doc.basePath !== '/' ? doc.basePath : '';
  const wanted = concretePath.split('?')[0] ?? concretePath;
  const lower = method.toLowerCase();
  let best: FoundOperation | null = null;
  let bestParams = Number.POSITIVE_INFINITY;
  for (const [template, item] of Object.entries(paths)) {
    if (!item || typeof item !== 'object' || !(lower in item)) continue;
    const full = basePath + template;
    const pattern = full
      .split(/(\{[^}]+\})/)
      .map((part) => (part.startsWith('{') ? '[^/]+' : escapeRegExp(part)))
      .join('');
    // Zendesk documents `/api/v2/tickets/{ticket_id}` but serves `/api/v2/tickets/1.json`.
    if (!new RegExp(`^${pattern}(\\.json)?$`).test(wanted)) continue;
    const params = (full.match(/\{/g) ?? []).length;
    // A literal segment (`/users/me`) beats a template (`/users/{user_id}`).
    if (params < bestParams) {
      best = { template: full, key: template, method: lower, item };
      bestParams = params;
    }
  }
  return best;
}

function responseSchemaPointer(op: FoundOperation, status: number): string | null {
  const operation = op.item[op.method] as Json;
  const responses = (operation.responses ?? {}) as Record<string, Json>;
  const code = [String(status), `${String(status)[0]}XX`, 'default'].find((c) => c in responses);
  if (!code) return null;
  const base = ['paths', op.key, op.method, 'responses', code];
  const response = responses[code] as Json;
  if (response.schema) return toPointer([...base, 'schema']); // Swagger 2.0
  const content = (response.content ?? {}) as Record<string, Json>;
  const mediaType = Object.keys(content).find((type) => type.includes('json'));
  if (!mediaType || !content[mediaType]?.schema) return null;
  return toPointer([...base, 'content', mediaType, 'schema']);
}

function toPointer(segments: string[]): string {
  return segments
    .map((segment) => '/' + encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1')))
    .join('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
