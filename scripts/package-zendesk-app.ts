/**
 * `npm run package:zendesk-app [-- --service-url https://effort.example.com]`: zips the agents'
 * sidebar app (integrations/zendesk/sidebar-app/) for upload as a private Zendesk app, the
 * layout ZCLI's `apps:package` produces (manifest.json, assets/, translations/ at the zip's
 * root). Zendesk sends a secure setting only to the domains in `domainWhitelist`, so the
 * service's address (--service-url, else PUBLIC_URL) is written into the packaged manifest
 * along with it as the default of the serviceUrl setting. Offline: nothing is downloaded.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

export const APP_DIR = fileURLToPath(new URL('../integrations/zendesk/sidebar-app/', import.meta.url));
/** Files Zendesk refuses an app without ("File requirements" of the Apps framework setup guide). */
export const REQUIRED_FILES = ['manifest.json', 'assets/logo.png', 'assets/logo-small.png', 'translations/en.json'];
const PACKAGED_FOLDERS = ['assets', 'translations'];

interface Manifest {
  domainWhitelist?: string[];
  parameters?: Array<{ name: string; default?: string }>;
  [key: string]: unknown;
}

function filesUnder(root: string, folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

/** The zip's bytes; throws with what to fix for a missing file or a service URL that is not http(s). */
export function packageZendeskApp(options: { serviceUrl: string; appDir?: string }): {
  zip: Uint8Array;
  files: string[];
} {
  const appDir = options.appDir ?? APP_DIR;
  let url: URL;
  try {
    url = new URL(options.serviceUrl);
  } catch {
    throw new Error(`service URL "${options.serviceUrl}" is not a URL; pass --service-url https://your-host`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('the service URL must be http(s)');
  const manifest = JSON.parse(readFileSync(join(appDir, 'manifest.json'), 'utf8')) as Manifest;
  manifest.domainWhitelist = [url.hostname];
  for (const parameter of manifest.parameters ?? [])
    if (parameter.name === 'serviceUrl') parameter.default = url.origin + url.pathname.replace(/\/+$/, '');

  const files = ['manifest.json', ...PACKAGED_FOLDERS.flatMap((folder) => filesUnder(appDir, folder))];
  const missing = REQUIRED_FILES.filter((file) => !files.includes(file));
  if (missing.length > 0) throw new Error(`the app lacks ${missing.join(', ')}`);
  const entries: Record<string, Uint8Array> = {};
  for (const file of files)
    entries[file] =
      file === 'manifest.json'
        ? new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`)
        : new Uint8Array(readFileSync(join(appDir, file)));
  // A fixed date keeps the zip byte-for-byte the same for the same sources.
  return { zip: zipSync(entries, { level: 9, mtime: new Date('2026-01-01T00:00:00Z') }), files };
}

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const serviceUrl = argument('--service-url') ?? process.env.PUBLIC_URL;
  const out = argument('--out') ?? 'dist/zendesk-app/effortless-sidebar-app.zip';
  if (!serviceUrl) {
    console.error('package:zendesk-app: pass --service-url https://your-effortless-host (or set PUBLIC_URL)');
    process.exit(1);
  }
  try {
    const { zip, files } = packageZendeskApp({ serviceUrl });
    mkdirSync(join(out, '..'), { recursive: true });
    writeFileSync(out, zip);
    console.log(`${out}: ${files.length} files, ${zip.length} bytes, for ${new URL(serviceUrl).hostname}`);
  } catch (error) {
    console.error(`package:zendesk-app: ${(error as Error).message}`);
    process.exit(1);
  }
}
