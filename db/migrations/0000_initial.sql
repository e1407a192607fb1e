CREATE TABLE `assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`audit_id` integer NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`from_id` integer,
	`to_id` integer,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `assignments_ticket` ON `assignments` (`ticket_id`,`at`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text,
	`email` text,
	`phone` text,
	`locale` text,
	`time_zone` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`ticket_id` integer,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`provider_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `status_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`audit_id` integer NOT NULL,
	`at` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `status_changes_ticket` ON `status_changes` (`ticket_id`,`at`);--> statement-breakpoint
CREATE TABLE `sync_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ticket_audits` (
	`id` integer PRIMARY KEY NOT NULL,
	`ticket_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`author_id` integer,
	`channel` text NOT NULL,
	`events` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `ticket_audits_ticket` ON `ticket_audits` (`ticket_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `ticket_drivers` (
	`ticket_id` integer PRIMARY KEY NOT NULL,
	`channel_switches` integer NOT NULL,
	`team_handoffs` integer NOT NULL,
	`agent_handoffs` integer NOT NULL,
	`reopens` integer NOT NULL,
	`customer_contacts` integer NOT NULL,
	`repeat_contact` integer NOT NULL,
	`first_contact_resolution` integer NOT NULL,
	`resolution_minutes` integer,
	`customer_wait_minutes` integer NOT NULL,
	`effort_index` integer NOT NULL,
	`effort_level` text NOT NULL,
	`contributions` text NOT NULL,
	`computed_at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` integer PRIMARY KEY NOT NULL,
	`requester_id` integer,
	`status` text NOT NULL,
	`group_id` integer,
	`assignee_id` integer,
	`channel` text NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`form_id` integer,
	`type` text,
	`subject` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`synced_at` integer,
	`needs_recompute` integer DEFAULT false NOT NULL,
	`effort_state_key` text
);
--> statement-breakpoint
CREATE INDEX `tickets_requester_created` ON `tickets` (`requester_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `tickets_needs_recompute` ON `tickets` (`needs_recompute`);--> statement-breakpoint
CREATE TABLE `touches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`audit_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`author_id` integer,
	`channel` text NOT NULL,
	`is_public` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `touches_ticket` ON `touches` (`ticket_id`,`at`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider` text NOT NULL,
	`delivery_id` text NOT NULL,
	`event_type` text,
	`raw_body` text NOT NULL,
	`received_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`processed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_deliveries_provider_delivery` ON `webhook_deliveries` (`provider`,`delivery_id`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due` ON `webhook_deliveries` (`status`,`next_attempt_at`);