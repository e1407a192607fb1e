#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm install` (prepare) and `npm start` (prestart).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('effortless: dist/ is missing; run `npm install` (or `npm run build`) first.');
  process.exit(1);
}
await import(entry.href);
