#!/usr/bin/env node
// Launcher for `npx effortless` and `npm start`. In a checkout it rebuilds dist/ only when a
// TypeScript source is newer than the last build (tsc -b, incremental), then runs the CLI in
// this same process, so a signal sent to it reaches the service itself.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = new URL('../dist/compose/cli/main.js', import.meta.url);
const tsc = `${root}node_modules/typescript/bin/tsc`;
const buildInfo = `${root}dist/tsconfig.build.tsbuildinfo`;
const SOURCE_FOLDERS = ['src', 'integrations', 'db', 'demo', 'compose'];

function newestSourceMs(path, extensions = ['.ts']) {
  let newest = 0;
  for (const item of readdirSync(path, { withFileTypes: true })) {
    const full = `${path}/${item.name}`;
    if (item.isDirectory()) newest = Math.max(newest, newestSourceMs(full, extensions));
    else if (extensions.some((ext) => item.name.endsWith(ext))) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsStale() {
  if (!existsSync(buildInfo) || !existsSync(fileURLToPath(entry))) return true;
  const configs = ['tsconfig.json', 'tsconfig.build.json'].map((name) => statSync(`${root}${name}`).mtimeMs);
  const sources = SOURCE_FOLDERS.filter((folder) => existsSync(`${root}${folder}`)).map((folder) =>
    newestSourceMs(`${root}${folder}`),
  );
  return Math.max(...configs, ...sources) > statSync(buildInfo).mtimeMs;
}

// An installed package ships dist/ without sources or TypeScript: nothing to build there.
if (existsSync(tsc) && existsSync(`${root}tsconfig.build.json`) && buildIsStale()) {
  console.error('effortless: sources changed since the last build; building (tsc -b)...');
  const build = spawnSync(process.execPath, [tsc, '-b', `${root}tsconfig.build.json`], { stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('effortless: the build failed; fix the errors above, or run `npm run build`.');
    process.exit(1);
  }
}
// The dashboard's bundled front end (scripts/build-web.mjs): rebuilt when web/ is newer than it.
const webBundle = `${root}dist/web/dashboard.js`;
if (
  existsSync(`${root}scripts/build-web.mjs`) &&
  existsSync(`${root}web`) &&
  (!existsSync(webBundle) || newestSourceMs(`${root}web`, ['.ts', '.css']) > statSync(webBundle).mtimeMs)
) {
  const web = spawnSync(process.execPath, [`${root}scripts/build-web.mjs`], { stdio: 'inherit' });
  if (web.status !== 0) {
    console.error('effortless: the dashboard build failed; fix the errors above, or run `npm run build`.');
    process.exit(1);
  }
}
if (!existsSync(fileURLToPath(entry))) {
  console.error('effortless: dist/ is missing; run `npm install` (or `npm run build`) first.');
  process.exit(1);
}
await import(entry.href);
