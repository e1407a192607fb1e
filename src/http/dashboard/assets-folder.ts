import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * dist/web in the package root, where `npm run build` puts the bundled front end. Found by
 * walking up from this file, since it runs from src/ (tsx, vitest) and from dist/src/.
 */
export function dashboardAssetsFolder(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'effortless')
      return join(folder, 'dist', 'web');
    const parent = dirname(folder);
    if (parent === folder) throw new Error('the effortless package root was not found above src/http');
    folder = parent;
  }
}
