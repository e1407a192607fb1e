ALTER TABLE `outbox` ADD `failures` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `retry_from` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `outcome_unknown` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `ordering_key` text;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `failures` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `retry_from` integer;--> statement-breakpoint
CREATE INDEX `webhook_deliveries_ordering` ON `webhook_deliveries` (`ordering_key`,`status`);--> statement-breakpoint
-- Inbox deliveries given up on were 'failed'; both queues now call them dead letters.
UPDATE `webhook_deliveries` SET `status` = 'dead' WHERE `status` = 'failed';
