import { defineConfig } from 'drizzle-kit';

/** PostgreSQL migrations (`npm run db:generate:pg`); the SQLite ones come from drizzle.config.ts. */
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./db/pg/schema.ts', './db/pg/schema-alerts.ts', './db/pg/schema-dashboard.ts', './db/pg/schema-pacing.ts'],
  out: './db/migrations-pg',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://localhost/effortless' },
});
