DROP INDEX "outbox_due";--> statement-breakpoint
DROP INDEX "webhook_deliveries_due";--> statement-breakpoint
CREATE INDEX "outbox_due" ON "outbox" USING btree ("status","next_attempt_at","id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due" ON "webhook_deliveries" USING btree ("status","next_attempt_at","id");