/** The API's shapes, taken from the server's zod schemas (types only: nothing of zod is bundled). */
import type { z } from 'zod';
import type {
  AlertsResponse,
  BreakdownResponse,
  CasesResponse,
  DriverCostsResponse,
  OptionsResponse,
  OverviewResponse,
} from '../../src/http/dashboard/schemas.js';

export type Overview = z.infer<typeof OverviewResponse>;
export type Breakdown = z.infer<typeof BreakdownResponse>;
export type Cases = z.infer<typeof CasesResponse>;
export type CaseRow = Cases['cases'][number];
export type Alerts = z.infer<typeof AlertsResponse>;
export type DriverCosts = z.infer<typeof DriverCostsResponse>;
export type Options = z.infer<typeof OptionsResponse>;
export type FigureRow = Overview['headline'];
