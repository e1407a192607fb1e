CREATE TABLE `pacing_slots` (
	`key` text PRIMARY KEY NOT NULL,
	`next_at` integer NOT NULL
);
