import type { DriverCostReport } from './driver-costs.js';

/** Fits kept for this many filters, the least recently computed dropped first. */
const FITS_KEPT = 50;

/**
 * The effort model's fits per filter, kept until the filter's answers change (`stamp`).
 * A filter seen before is answered at once from its last fit, even when answers changed since:
 * the refit then runs in the background, one at a time per filter, and the next request gets
 * it. Only a filter's very first request waits for a fit. On a live center an answer arrives
 * every few seconds, and refitting before every view would make each one wait for the model.
 */
export function keptFits() {
  const fits = new Map<string, { stamp: string; report: DriverCostReport }>();
  const running = new Map<string, Promise<DriverCostReport>>();

  const refit = (key: string, stamp: string, fit: () => Promise<DriverCostReport>) => {
    const already = running.get(key);
    if (already) return already;
    const run = fit()
      .then((report) => {
        fits.delete(key);
        fits.set(key, { stamp, report });
        if (fits.size > FITS_KEPT) fits.delete(fits.keys().next().value!);
        return report;
      })
      .finally(() => running.delete(key));
    running.set(key, run);
    return run;
  };

  return {
    /** The filter's fit for these answers (`stamp`): kept, kept while a newer one is made, or made now. */
    get(key: string, stamp: string, fit: () => Promise<DriverCostReport>): Promise<DriverCostReport> {
      const kept = fits.get(key);
      if (kept?.stamp === stamp) return Promise.resolve(kept.report);
      const next = refit(key, stamp, fit);
      if (!kept) return next;
      // The kept fit stays in use if the refit fails; the next request tries again.
      next.catch(() => undefined);
      return Promise.resolve(kept.report);
    },
    /** Resolves once no refit is running (tests, and a clean stop). */
    async settled(): Promise<void> {
      await Promise.allSettled([...running.values()]);
    },
  };
}
