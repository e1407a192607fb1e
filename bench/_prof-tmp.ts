import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../db/open-store.js';
import type { MetricSample } from '../src/domain/alerts/sample.js';
import { effortSamples } from '../test/support/effort-stream.js';
const samples: MetricSample[] = [];
for (const s of effortSamples({
  seed: 1,
  teams: [1, 2, 3, 4, 5, 6, 7, 8],
  channels: ['email', 'web', 'chat', 'api', 'voice'],
  startMs: Date.parse('2026-08-25T00:00:00Z'),
  hours: 2000,
  casesPerHourPerTeam: 197,
  answerRate: 0.3,
})) {
  samples.push(s);
  if (samples.length >= 60000) break;
}
const store = await openStore(`file:${join(mkdtempSync(join(tmpdir(), 'p-')), 'e.db')}`, { migrate: true });
const t = performance.now();
for (let i = 0; i < samples.length; i += 2000) await store.alertSamples.recordMany(samples.slice(i, i + 2000));
console.log((performance.now() - t).toFixed(0), 'ms');
