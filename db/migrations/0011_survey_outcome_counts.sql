-- Survey outcomes counted as they change, for GET /api/surveys/rates and the survey gauges of
-- /metrics. Counting them with a GROUP BY over every survey took 1.1 s at 1,000,000 surveys,
-- on the service's only thread, on every scrape (bench/survey-rates.bench.ts). Kept by
-- triggers, so every path that writes a survey keeps the counts true, and not declared in
-- db/schema.ts: derived data that `effortless copy-db` leaves out (a copy into SQLite counts
-- its surveys again through these triggers). NULLs are stored as '' and -1, since a primary
-- key treats NULLs as distinct; db/sqlite/surveys.ts maps them back. Every change goes through
-- one place, the view survey_outcome_changes, whose INSTEAD OF trigger adds a bucket when it is
-- new: with NOT EXISTS, not INSERT OR IGNORE, since a trigger's conflict clause gives way to
-- that of the statement that fired it (the survey upsert's), so OR IGNORE would not ignore.
CREATE TABLE `survey_outcome_counts` (
	`channel` text NOT NULL,
	`journey_rule` integer NOT NULL,
	`status` text NOT NULL,
	`skip_rule` text NOT NULL,
	`sent` integer NOT NULL,
	`answered` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY (`channel`, `journey_rule`, `status`, `skip_rule`, `sent`, `answered`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `survey_outcome_counts` (`channel`, `journey_rule`, `status`, `skip_rule`, `sent`, `answered`, `n`)
SELECT coalesce(`channel`, ''), coalesce(`journey_rule`, -1), `status`, coalesce(`skip_rule`, ''),
  `sent_at` IS NOT NULL, `answered_at` IS NOT NULL, count(*)
FROM `surveys`
GROUP BY 1, 2, 3, 4, 5, 6;
--> statement-breakpoint
CREATE VIEW `survey_outcome_changes` AS
SELECT `channel`, `journey_rule`, `status`, `skip_rule`, `sent`, `answered`, `n` AS `delta` FROM `survey_outcome_counts` WHERE 0;
--> statement-breakpoint
CREATE TRIGGER `survey_outcome_changes_apply` INSTEAD OF INSERT ON `survey_outcome_changes`
BEGIN
  INSERT INTO `survey_outcome_counts`
  SELECT new.`channel`, new.`journey_rule`, new.`status`, new.`skip_rule`, new.`sent`, new.`answered`, 0
  WHERE NOT EXISTS (SELECT 1 FROM `survey_outcome_counts`
    WHERE `channel` = new.`channel` AND `journey_rule` = new.`journey_rule` AND `status` = new.`status`
      AND `skip_rule` = new.`skip_rule` AND `sent` = new.`sent` AND `answered` = new.`answered`);
  UPDATE `survey_outcome_counts` SET `n` = `n` + new.`delta`
  WHERE `channel` = new.`channel` AND `journey_rule` = new.`journey_rule` AND `status` = new.`status`
    AND `skip_rule` = new.`skip_rule` AND `sent` = new.`sent` AND `answered` = new.`answered`;
END;
--> statement-breakpoint
CREATE TRIGGER `survey_outcome_counts_insert` AFTER INSERT ON `surveys`
BEGIN
  INSERT INTO `survey_outcome_changes` VALUES (coalesce(new.`channel`, ''), coalesce(new.`journey_rule`, -1), new.`status`,
    coalesce(new.`skip_rule`, ''), new.`sent_at` IS NOT NULL, new.`answered_at` IS NOT NULL, 1);
END;
--> statement-breakpoint
CREATE TRIGGER `survey_outcome_counts_delete` AFTER DELETE ON `surveys`
BEGIN
  INSERT INTO `survey_outcome_changes` VALUES (coalesce(old.`channel`, ''), coalesce(old.`journey_rule`, -1), old.`status`,
    coalesce(old.`skip_rule`, ''), old.`sent_at` IS NOT NULL, old.`answered_at` IS NOT NULL, -1);
END;
--> statement-breakpoint
CREATE TRIGGER `survey_outcome_counts_update`
AFTER UPDATE OF `channel`, `journey_rule`, `status`, `skip_rule`, `sent_at`, `answered_at` ON `surveys`
WHEN old.`channel` IS NOT new.`channel` OR old.`journey_rule` IS NOT new.`journey_rule`
  OR old.`status` IS NOT new.`status` OR old.`skip_rule` IS NOT new.`skip_rule`
  OR (old.`sent_at` IS NULL) <> (new.`sent_at` IS NULL) OR (old.`answered_at` IS NULL) <> (new.`answered_at` IS NULL)
BEGIN
  INSERT INTO `survey_outcome_changes` VALUES (coalesce(old.`channel`, ''), coalesce(old.`journey_rule`, -1), old.`status`,
    coalesce(old.`skip_rule`, ''), old.`sent_at` IS NOT NULL, old.`answered_at` IS NOT NULL, -1);
  INSERT INTO `survey_outcome_changes` VALUES (coalesce(new.`channel`, ''), coalesce(new.`journey_rule`, -1), new.`status`,
    coalesce(new.`skip_rule`, ''), new.`sent_at` IS NOT NULL, new.`answered_at` IS NOT NULL, 1);
END;
