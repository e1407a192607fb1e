import { stringify } from 'csv-stringify';
import { type Request, type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import type { DashboardService } from '../../app/dashboard/dashboard-service.js';
import type { Clock } from '../../ports/clock.js';
import { BadFilter, toFilter } from './filters.js';
import { caseCsvRecords, CASE_CSV_COLUMNS } from './case-csv.js';
import {
  AlertsQuery,
  type AlertsResponse,
  BreakdownQuery,
  type BreakdownResponse,
  CasesQuery,
  type CasesResponse,
  type DriverCostsResponse,
  FilterQuery,
  OverviewQuery,
  type OverviewResponse,
  type OptionsResponse,
} from './schemas.js';

const CSV_MAX = 100_000;

/** A handler whose query is validated first: a bad query or filter answers 400 and names what is wrong. */
function withQuery<S extends z.ZodType>(
  schema: S,
  handle: (query: z.infer<S>, req: Request, res: Response) => Promise<void>,
): RequestHandler {
  return async (req, res, next) => {
    const parsed = schema.safeParse(req.query);
    if (!parsed.success) {
      res.status(400).json({ error: 'bad_query', message: z.prettifyError(parsed.error) });
      return;
    }
    try {
      await handle(parsed.data, req, res);
    } catch (error) {
      if (error instanceof BadFilter) res.status(400).json({ error: 'bad_query', message: error.message });
      else next(error);
    }
  };
}

const bounded = (value: string | undefined, fallback: number, max: number) =>
  Math.min(max, Math.max(1, value === undefined ? fallback : Number(value)));

/** GET /api/dashboard/...: the figures behind the dashboard page, described in /api/openapi.json. */
export function createDashboardApi(service: DashboardService, clock: Clock): Router {
  const router = Router();

  router.get(
    '/dashboard/overview',
    withQuery(OverviewQuery, async (query, _req, res) => {
      const { filter, period } = toFilter(query, clock.now());
      const body: z.infer<typeof OverviewResponse> = {
        filters: period,
        ...(await service.overview(filter, query.granularity)),
      };
      res.json(body);
    }),
  );

  router.get(
    '/dashboard/breakdown',
    withQuery(BreakdownQuery, async (query, _req, res) => {
      const { filter, period } = toFilter(query, clock.now());
      const body: z.infer<typeof BreakdownResponse> = {
        filters: period,
        by: query.by,
        rows: await service.breakdown(filter, query.by),
      };
      res.json(body);
    }),
  );

  /** The case table for a validated query: the JSON page (25 by default, 500 at most) or the CSV (up to CSV_MAX). */
  const casesFor = async (query: z.infer<typeof CasesQuery>, pageSize: number, max: number) => {
    const { filter, period } = toFilter(query, clock.now());
    const order = query.order ?? 'effort';
    const cases = await service.cases(filter, order, bounded(query.limit, pageSize, max), Number(query.offset ?? 0));
    return { period, order, cases };
  };

  router.get(
    '/dashboard/cases',
    withQuery(CasesQuery, async (query, _req, res) => {
      const { period, order, cases } = await casesFor(query, 25, 500);
      const body: z.infer<typeof CasesResponse> = { filters: period, order, cases };
      res.json(body);
    }),
  );

  router.get(
    '/dashboard/cases.csv',
    withQuery(CasesQuery, async (query, _req, res) => {
      const { period, cases } = await casesFor(query, CSV_MAX, CSV_MAX);
      res.type('text/csv; charset=utf-8');
      res.attachment(`effortless-cases-${period.from}-${period.to}.csv`);
      stringify(caseCsvRecords(cases), { header: true, columns: CASE_CSV_COLUMNS }).pipe(res);
    }),
  );

  router.get(
    '/dashboard/alerts',
    withQuery(AlertsQuery, async (query, _req, res) => {
      const body: z.infer<typeof AlertsResponse> = { alerts: await service.alerts(bounded(query.limit, 50, 500)) };
      res.json(body);
    }),
  );

  router.get(
    '/dashboard/driver-costs',
    withQuery(FilterQuery, async (query, _req, res) => {
      const { filter, period } = toFilter(query, clock.now());
      const body: z.infer<typeof DriverCostsResponse> = { filters: period, ...(await service.driverCosts(filter)) };
      res.json(body);
    }),
  );

  router.get(
    '/dashboard/options',
    withQuery(z.object({}).strict(), async (_query, _req, res) => {
      const body: z.infer<typeof OptionsResponse> = await service.options();
      res.json(body);
    }),
  );

  return router;
}
