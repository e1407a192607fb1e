DROP TABLE `alert_sample_segments`;--> statement-breakpoint
CREATE INDEX `alert_samples_at` ON `alert_samples` (`at`);