CREATE TABLE `alert_hour_revisions` (
	`hour` integer PRIMARY KEY NOT NULL,
	`revision` integer NOT NULL
);
--> statement-breakpoint
-- Every hour already holding buckets starts at revision 1, so an instance loads every hour through its revision.
INSERT INTO `alert_hour_revisions` (`hour`, `revision`) SELECT DISTINCT `hour`, 1 FROM `alert_buckets`;
