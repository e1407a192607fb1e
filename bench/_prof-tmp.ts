import { setTimeout as sleep } from 'node:timers/promises';
import { standInEnv } from '../test/pipeline/solved-world.js';
import { startServer } from './ingest-load.js';
import { startRemoteWorld } from './stand-ins-process.js';
const world = await startRemoteWorld(
  Array.from({ length: 1500 }, (_, i) => i + 1),
  0,
);
const server = await startServer('service+workers', {
  BENCH_SERVICE_ENV: JSON.stringify(standInEnv(world)),
  BENCH_BACKLOG: '1000',
  LOG_LEVEL: 'error',
});
await sleep(20000);
console.log(await server.progress());
await server.stop();
await world.stop();
