ALTER TABLE "alert_sample_segments" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "alert_sample_segments" CASCADE;--> statement-breakpoint
CREATE INDEX "alert_samples_at" ON "alert_samples" USING btree ("at","id");--> statement-breakpoint
-- Values stored as one place per metric (db/stored-metric-values.ts), in that order; null where none.
UPDATE "alert_samples" SET "metric_values" = jsonb_build_array("metric_values" -> 'ces_average', "metric_values" -> 'ces_easy_share', "metric_values" -> 'effort_index', "metric_values" -> 'channel_switches', "metric_values" -> 'team_handoffs', "metric_values" -> 'reopen_rate', "metric_values" -> 'repeat_contact_rate', "metric_values" -> 'first_contact_resolution_rate');
