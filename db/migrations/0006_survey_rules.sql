DROP INDEX `surveys_ticket`;--> statement-breakpoint
ALTER TABLE `surveys` ADD `sample_rate` real DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `surveys` ADD `wording` text;--> statement-breakpoint
ALTER TABLE `surveys` ADD `wording_version` text;--> statement-breakpoint
ALTER TABLE `surveys` ADD `reminder_sent_at` integer;--> statement-breakpoint
ALTER TABLE `surveys` ADD `journey_rule` integer;--> statement-breakpoint
ALTER TABLE `surveys` ADD `round` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `surveys_ticket_round` ON `surveys` (`ticket_id`,`round`);--> statement-breakpoint
ALTER TABLE `customers` ADD `role` text;--> statement-breakpoint
ALTER TABLE `ticket_audits` ADD `via_rel` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `brand_id` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `organization_id` integer;