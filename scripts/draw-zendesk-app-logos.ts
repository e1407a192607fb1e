/**
 * Draws the sidebar app's logos (integrations/zendesk/sidebar-app/assets/logo.png 320x320 and
 * logo-small.png 128x128, the sizes Zendesk's app upload requires) with headless Chromium, so
 * they can be redrawn from this file instead of an image editor. Run: npx tsx scripts/draw-zendesk-app-logos.ts
 */
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const assets = fileURLToPath(new URL('../integrations/zendesk/sidebar-app/assets/', import.meta.url));
const logo = (size: number) => `<!doctype html><html><body style="margin:0;background:transparent">
<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100">
  <rect width="100" height="100" rx="18" fill="#1f73b7"/>
  <rect x="20" y="62" width="14" height="18" rx="2" fill="#ffffff"/>
  <rect x="43" y="44" width="14" height="36" rx="2" fill="#ffffff" opacity="0.85"/>
  <rect x="66" y="22" width="14" height="58" rx="2" fill="#f5a623"/>
</svg></body></html>`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox'],
});
try {
  for (const [name, size] of [
    ['logo.png', 320],
    ['logo-small.png', 128],
  ] as const) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(logo(size));
    await page.locator('svg').screenshot({ path: `${assets}${name}`, omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
