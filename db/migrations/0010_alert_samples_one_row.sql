DROP TABLE `alert_sample_segments`;--> statement-breakpoint
CREATE INDEX `alert_samples_at` ON `alert_samples` (`at`);--> statement-breakpoint
-- Values stored as one place per metric (db/stored-metric-values.ts), in that order; null where none.
UPDATE `alert_samples` SET `metric_values` = json_array(json_extract(`metric_values`, '$.ces_average'), json_extract(`metric_values`, '$.ces_easy_share'), json_extract(`metric_values`, '$.effort_index'), json_extract(`metric_values`, '$.channel_switches'), json_extract(`metric_values`, '$.team_handoffs'), json_extract(`metric_values`, '$.reopen_rate'), json_extract(`metric_values`, '$.repeat_contact_rate'), json_extract(`metric_values`, '$.first_contact_resolution_rate'));
