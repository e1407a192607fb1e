CREATE TABLE `alert_hour_revisions` (
	`hour` integer PRIMARY KEY NOT NULL,
	`revision` integer NOT NULL
);
