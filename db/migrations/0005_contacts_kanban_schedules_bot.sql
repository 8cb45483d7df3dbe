CREATE TABLE `kanban_stages` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`name` text NOT NULL,
	`color` text DEFAULT '#64748b' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `kanban_stages_company_idx` ON `kanban_stages` (`company_id`,`position`);--> statement-breakpoint
CREATE TABLE `schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`connection_id` text,
	`user_id` text,
	`body` text DEFAULT '' NOT NULL,
	`media_path` text,
	`media_type` text,
	`media_name` text,
	`media_size` integer,
	`send_at` integer NOT NULL,
	`recurrence` text DEFAULT 'none' NOT NULL,
	`recurrence_end` integer,
	`series_id` text,
	`open_ticket` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`first_attempt_at` integer,
	`sent_at` integer,
	`ticket_id` text,
	`message_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `schedules_company_send_idx` ON `schedules` (`company_id`,`send_at`);--> statement-breakpoint
CREATE INDEX `schedules_contact_idx` ON `schedules` (`contact_id`,`send_at`);--> statement-breakpoint
CREATE INDEX `schedules_status_send_idx` ON `schedules` (`status`,`send_at`);--> statement-breakpoint
CREATE TABLE `contact_import_errors` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`import_id` text NOT NULL,
	`row_number` integer NOT NULL,
	`reason` text NOT NULL,
	`data` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`import_id`) REFERENCES `contact_imports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contact_import_errors_import_idx` ON `contact_import_errors` (`import_id`,`row_number`);--> statement-breakpoint
CREATE TABLE `contact_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`user_id` text,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`file_path` text,
	`headers` text,
	`mapping` text,
	`status` text DEFAULT 'uploaded' NOT NULL,
	`total_rows` integer DEFAULT 0 NOT NULL,
	`processed_rows` integer DEFAULT 0 NOT NULL,
	`created_count` integer DEFAULT 0 NOT NULL,
	`updated_count` integer DEFAULT 0 NOT NULL,
	`skipped_count` integer DEFAULT 0 NOT NULL,
	`error` text,
	`started_at` integer,
	`finished_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `contact_imports_company_idx` ON `contact_imports` (`company_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `queue_options` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`queue_id` text NOT NULL,
	`parent_id` text,
	`position` integer DEFAULT 0 NOT NULL,
	`title` text NOT NULL,
	`message` text,
	`target` text DEFAULT 'message' NOT NULL,
	`target_queue_id` text,
	`target_user_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`parent_id`) REFERENCES `queue_options`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`target_queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`target_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `queue_options_queue_idx` ON `queue_options` (`queue_id`,`parent_id`,`position`);--> statement-breakpoint
CREATE TABLE `ratings` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`connection_id` text,
	`queue_id` text,
	`user_id` text,
	`score` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ratings_ticket_unique` ON `ratings` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `ratings_company_idx` ON `ratings` (`company_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `ratings_company_user_idx` ON `ratings` (`company_id`,`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `ratings_contact_idx` ON `ratings` (`contact_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `queues` ADD `type` text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE `queues` ADD `auto_close_minutes` integer;--> statement-breakpoint
ALTER TABLE `queues` ADD `greeting` text;--> statement-breakpoint
ALTER TABLE `queues` ADD `greeting_media_path` text;--> statement-breakpoint
ALTER TABLE `queues` ADD `greeting_media_type` text;--> statement-breakpoint
ALTER TABLE `queues` ADD `greeting_media_name` text;--> statement-breakpoint
ALTER TABLE `queues` ADD `out_of_hours_message` text;--> statement-breakpoint
ALTER TABLE `queues` ADD `business_hours` text;--> statement-breakpoint
ALTER TABLE `connections` ADD `automations` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `source` text DEFAULT 'bot' NOT NULL;--> statement-breakpoint
ALTER TABLE `contacts` ADD `kanban_stage_id` text REFERENCES kanban_stages(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `contacts` ADD `kanban_rank` text;--> statement-breakpoint
CREATE INDEX `contacts_company_created_idx` ON `contacts` (`company_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `contacts_company_kanban_idx` ON `contacts` (`company_id`,`kanban_stage_id`,`kanban_rank`);--> statement-breakpoint
ALTER TABLE `messages` ADD `automation` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `bot_state` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `rating_status` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `rating_asked_at` integer;