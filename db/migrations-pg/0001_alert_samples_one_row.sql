ALTER TABLE "alert_sample_segments" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "alert_sample_segments" CASCADE;--> statement-breakpoint
CREATE INDEX "alert_samples_at" ON "alert_samples" USING btree ("at","id");