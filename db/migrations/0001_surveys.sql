CREATE TABLE `opt_outs` (
	`address` text PRIMARY KEY NOT NULL,
	`opted_out` integer NOT NULL,
	`source` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `surveys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`customer_id` integer,
	`kind` text NOT NULL,
	`channel` text,
	`status` text NOT NULL,
	`skip_rule` text,
	`skip_reason` text,
	`language` text NOT NULL,
	`address` text,
	`scheduled_for` integer,
	`sent_at` integer,
	`provider_message_id` text,
	`slack_channel` text,
	`delivery_status` text,
	`delivery_error` text,
	`score` integer,
	`comment` text,
	`verbatim` text,
	`answered_at` integer,
	`group_id` integer,
	`assignee_id` integer,
	`effort_index` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `surveys_ticket` ON `surveys` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `surveys_customer_sent` ON `surveys` (`customer_id`,`sent_at`);--> statement-breakpoint
CREATE INDEX `surveys_address_status` ON `surveys` (`address`,`status`);--> statement-breakpoint
CREATE INDEX `surveys_provider_message` ON `surveys` (`provider_message_id`);