/**
 * The Zendesk webhook secret the load generator signs with and the bench servers check. Its
 * own module: importing it from the server child would run that child's top level (a server)
 * in the load generator's process.
 */
export const BENCH_WEBHOOK_SECRET = 'bench-webhook-secret';
