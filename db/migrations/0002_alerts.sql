CREATE TABLE `alert_buckets` (
	`segment` text NOT NULL,
	`team` integer NOT NULL,
	`metric` text NOT NULL,
	`hour` integer NOT NULL,
	`n` integer NOT NULL,
	`sum` real NOT NULL,
	`sum_squares` real NOT NULL,
	PRIMARY KEY(`hour`, `team`, `segment`, `metric`)
);
--> statement-breakpoint
CREATE TABLE `alert_sample_segments` (
	`segment` text NOT NULL,
	`at` integer NOT NULL,
	`sample_id` integer NOT NULL,
	`team` integer NOT NULL,
	PRIMARY KEY(`segment`, `at`, `sample_id`, `team`)
);
--> statement-breakpoint
CREATE TABLE `alert_samples` (
	`id` integer PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`ticket_id` integer NOT NULL,
	`at` integer NOT NULL,
	`team` integer,
	`segments` text NOT NULL,
	`metric_values` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_samples_key` ON `alert_samples` (`key`);--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`ticket_id` integer,
	`status` text NOT NULL,
	`metrics` text DEFAULT '[]' NOT NULL,
	`opened_at` integer NOT NULL,
	`acknowledged_by` text,
	`acknowledged_at` integer,
	`resolved_at` integer,
	`last_notified_at` integer NOT NULL,
	`slack_channel` text,
	`slack_ts` text,
	`view` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_active_subject` ON `alerts` (`kind`,`subject`) WHERE status != 'resolved';--> statement-breakpoint
CREATE INDEX `alerts_subject_resolved` ON `alerts` (`kind`,`subject`,`resolved_at`);--> statement-breakpoint
CREATE INDEX `alerts_opened` ON `alerts` (`opened_at`,`id`);