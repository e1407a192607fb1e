import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseKeep, pointerSegments, refsIn, trimOpenApi } from '../../scripts/trim-openapi.js';

type Json = Record<string, unknown>;

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A small OpenAPI 3 document: two paths, a chain of schemas, one unused schema. */
function openApi(): Json {
  return {
    openapi: '3.0.3',
    info: { title: 'Toy', version: '1' },
    tags: [{ name: 'Tickets' }, { name: 'Unused' }],
    paths: {
      '/tickets/{id}': {
        parameters: [{ $ref: '#/components/parameters/Id' }],
        get: {
          tags: ['Tickets'],
          responses: { 200: { content: { 'application/json': { schema: schemaRef('TicketResponse') } } } },
        },
        delete: { responses: { 204: { description: 'gone' } } },
      },
      '/users': { get: { responses: { 200: { content: { 'application/json': { schema: schemaRef('User') } } } } } },
    },
    components: {
      parameters: { Id: { name: 'id', in: 'path', schema: { type: 'integer' } } },
      schemas: {
        TicketResponse: { properties: { ticket: schemaRef('Ticket') } },
        Ticket: { properties: { via: schemaRef('Via'), tags: { items: { type: 'string' } } } },
        'Via/Channel': { type: 'string' },
        Via: { properties: { channel: { $ref: '#/components/schemas/Via~1Channel' } } },
        User: { type: 'object' },
      },
      securitySchemes: { basic: { type: 'http', scheme: 'basic' } },
    },
    security: [{ basic: [] }],
  };
}

describe('trimOpenApi', () => {
  it('keeps the listed operation, its path parameters and every schema it reaches, nothing else', () => {
    const trimmed = trimOpenApi(openApi(), [parseKeep('GET /tickets/{id}')], 'note');
    expect(Object.keys(trimmed.paths as Json)).toEqual(['/tickets/{id}']);
    expect(Object.keys((trimmed.paths as Record<string, Json>)['/tickets/{id}']!)).toEqual(['parameters', 'get']);
    const components = trimmed.components as Record<string, Json>;
    expect(Object.keys(components.schemas!)).toEqual(['TicketResponse', 'Ticket', 'Via/Channel', 'Via']);
    expect(Object.keys(components.parameters!)).toEqual(['Id']);
    expect(components.securitySchemes).toEqual({ basic: { type: 'http', scheme: 'basic' } });
    expect(trimmed.tags).toEqual([{ name: 'Tickets' }]);
    expect(trimmed.security).toEqual([{ basic: [] }]);
  });

  it('keeps a component root no operation reaches, and drops an extension that would dangle', () => {
    const source = { ...openApi(), 'x-webhooks': { event: schemaRef('User') }, 'x-owner': { team: 'api' } };
    const withRoot = trimOpenApi(source, [parseKeep('GET /tickets/{id}')], 'n', ['#/components/schemas/User']);
    expect(Object.keys((withRoot.components as Record<string, Json>).schemas!)).toContain('User');
    expect(withRoot['x-webhooks']).toEqual({ event: schemaRef('User') });
    const without = trimOpenApi(source, [parseKeep('GET /tickets/{id}')], 'n');
    expect(without['x-webhooks']).toBeUndefined();
    expect(without['x-owner']).toEqual({ team: 'api' });
  });

  it('says what it is right after info, and keeps the source order of top-level keys', () => {
    const trimmed = trimOpenApi(openApi(), [parseKeep('/users')], 'Excerpt of toy.yaml');
    expect(Object.keys(trimmed)).toEqual(['openapi', 'info', 'x-trimmed', 'tags', 'paths', 'components', 'security']);
    expect(trimmed['x-trimmed']).toBe('Excerpt of toy.yaml');
  });

  it('keeps every operation of a bare template, in source order whatever the order asked', () => {
    const trimmed = trimOpenApi(openApi(), [parseKeep('/users'), parseKeep('/tickets/{id}')], 'note');
    expect(Object.keys(trimmed.paths as Json)).toEqual(['/tickets/{id}', '/users']);
    expect(Object.keys((trimmed.paths as Record<string, Json>)['/tickets/{id}']!)).toEqual([
      'parameters',
      'get',
      'delete',
    ]);
  });

  it('follows Swagger 2.0 definitions and keeps its top-level parts', () => {
    const swagger = {
      swagger: '2.0',
      basePath: '/api',
      paths: { '/chat.update': { post: { responses: { 200: { schema: { $ref: '#/definitions/Message' } } } } } },
      definitions: { Message: { properties: { ts: { $ref: '#/definitions/Ts' } } }, Ts: { type: 'string' }, Other: {} },
      securityDefinitions: { slackAuth: { type: 'oauth2' } },
    };
    const trimmed = trimOpenApi(swagger, [parseKeep('POST /chat.update')], 'note');
    expect(Object.keys(trimmed.definitions as Json)).toEqual(['Message', 'Ts']);
    expect(trimmed.basePath).toBe('/api');
    expect(trimmed.securityDefinitions).toEqual(swagger.securityDefinitions);
  });

  it('refuses what it cannot keep faithfully', () => {
    expect(() => trimOpenApi(openApi(), [parseKeep('GET /nowhere')], 'n')).toThrow(/no path \/nowhere/);
    expect(() => trimOpenApi(openApi(), [parseKeep('PUT /users')], 'n')).toThrow(/no PUT \/users/);
    const external = openApi();
    (external.components as Record<string, Json>).schemas!.User = { $ref: 'other.yaml#/User' };
    expect(() => trimOpenApi(external, [parseKeep('/users')], 'n')).toThrow(/not local/);
    expect(() => parseKeep('FETCH /users')).toThrow(/unknown method/);
    expect(() => parseKeep('users')).toThrow(/expected/);
  });

  it('reads JSON pointers with escapes', () => {
    expect(pointerSegments('#/components/schemas/A~1B~0C')).toEqual(['components', 'schemas', 'A/B~C']);
  });
});

describe('the trimmed descriptions in test/specs', () => {
  const specs = ['twilio_api_v2010.json', 'slack_web_openapi_v2.json', 'zendesk_support_api.yaml'];

  it.each(specs)('%s: every $ref resolves inside the file and it says it is an excerpt', (file) => {
    const text = readFileSync(fileURLToPath(new URL(`../specs/${file}`, import.meta.url)), 'utf8');
    const doc = (file.endsWith('.yaml') ? parseYaml(text) : JSON.parse(text)) as Json;
    const dangling = [...new Set(refsIn(doc))].filter(
      (ref) =>
        pointerSegments(ref).reduce<unknown>((node, segment) => (node as Json | undefined)?.[segment], doc) ===
        undefined,
    );
    expect(dangling).toEqual([]);
    expect(doc['x-trimmed']).toMatch(/^Excerpt of /);
  });
});
