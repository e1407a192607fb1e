import { z } from 'zod';
import {
  AlertsQuery,
  AlertsResponse,
  BreakdownQuery,
  BreakdownResponse,
  CasesQuery,
  CasesResponse,
  DriverCostsResponse,
  ErrorResponse,
  FilterQuery,
  OptionsResponse,
  OverviewQuery,
  OverviewResponse,
} from './schemas.js';

type JsonSchema = Record<string, unknown>;

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of a zod schema, without the $schema key. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  });
  return rest;
}

/** One query parameter per key of a query schema, each with its own schema and description. */
function queryParameters(schema: z.ZodObject): JsonSchema[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const { description, ...fieldSchema } = jsonSchema(field as z.ZodType, 'input');
    return {
      name,
      in: 'query',
      required: !(field as z.ZodType).safeParse(undefined).success,
      ...(description ? { description } : {}),
      schema: fieldSchema,
    };
  });
}

const errors = {
  '400': {
    description: 'Bad query',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
  '401': {
    description: 'No valid token or session',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
  '403': {
    description: 'DASHBOARD_TOKEN is not set',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
};

function get(summary: string, query: z.ZodObject, response: z.ZodType, mediaType = 'application/json') {
  return {
    get: {
      summary,
      parameters: queryParameters(query),
      responses: {
        '200': { description: 'OK', content: { [mediaType]: { schema: jsonSchema(response, 'output') } } },
        ...errors,
      },
    },
  };
}

/** The OpenAPI 3.1 document of the dashboard API, served at GET /api/openapi.json. */
export function dashboardOpenApi(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Effortless dashboard API',
      version: '1.0.0',
      description:
        'Customer effort figures behind the dashboard. Every path needs `Authorization: Bearer <DASHBOARD_TOKEN>` or the session cookie the sign-in form sets (GET only).',
    },
    servers: [{ url: `${serverUrl}/api` }],
    security: [{ bearer: [] }, { session: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'DASHBOARD_TOKEN' },
        session: { type: 'apiKey', in: 'cookie', name: 'effortless_session' },
      },
      schemas: { Error: jsonSchema(ErrorResponse, 'output') },
    },
    paths: {
      '/dashboard/overview': get('Headline figures and their series per day or week', OverviewQuery, OverviewResponse),
      '/dashboard/breakdown': get('Figures per team, channel or ticket form', BreakdownQuery, BreakdownResponse),
      '/dashboard/cases': get(
        'Cases, highest effort or newest first, with drivers and verbatims',
        CasesQuery,
        CasesResponse,
      ),
      '/dashboard/cases.csv': get('The case table as CSV', CasesQuery, z.string(), 'text/csv'),
      '/dashboard/alerts': get('Recent alerts, their state and who acknowledged them', AlertsQuery, AlertsResponse),
      '/dashboard/driver-costs': get(
        'What each driver costs in CES, and how well the index predicts answers',
        FilterQuery,
        DriverCostsResponse,
      ),
      '/dashboard/options': get('Teams, channels and forms that have cases', z.object({}), OptionsResponse),
    },
  };
}
