ALTER TABLE `tickets` ADD `activity_at` integer GENERATED ALWAYS AS (coalesce(last_message_at, created_at)) VIRTUAL;--> statement-breakpoint
CREATE INDEX `tickets_company_status_activity_idx` ON `tickets` (`company_id`,`status`,`activity_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_company_user_status_activity_idx` ON `tickets` (`company_id`,`user_id`,`status`,`activity_at`,`id`);