/** Bundles web/dashboard into `outdir` (default dist/web). */
export function buildDashboardAssets(outdir?: string): Promise<void>;
