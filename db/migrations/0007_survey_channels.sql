ALTER TABLE `surveys` ADD `channel_reason` text;--> statement-breakpoint
CREATE INDEX `surveys_channel_sent` ON `surveys` (`channel`,`sent_at`);