// Bundles the dashboard's front end (web/dashboard) into dist/web with esbuild: Chart.js is
// bundled in, so the page needs no CDN and works offline. Run by `npm run build` (and so by
// `npm install`'s prepare) and by bin/effortless.js when web/ is newer than the bundle.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function buildDashboardAssets(outdir = `${root}dist/web`) {
  await build({
    absWorkingDir: root,
    entryPoints: { dashboard: 'web/dashboard/main.ts', 'dashboard-styles': 'web/dashboard/styles.css' },
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'esm',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    outdir,
    // The stylesheet's entry is named apart from the script's, then served as dashboard.css.
    entryNames: '[name]',
    logLevel: 'warning',
  });
  const { rename } = await import('node:fs/promises');
  await rename(`${outdir}/dashboard-styles.css`, `${outdir}/dashboard.css`);
  await rename(`${outdir}/dashboard-styles.css.map`, `${outdir}/dashboard.css.map`).catch(() => undefined);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildDashboardAssets();
  console.error('effortless: dashboard assets built in dist/web');
}
