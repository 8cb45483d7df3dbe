CREATE TABLE `ticket_events` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`type` text NOT NULL,
	`user_id` text,
	`from_status` text,
	`to_status` text,
	`from_user_id` text,
	`to_user_id` text,
	`from_queue_id` text,
	`to_queue_id` text,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `ticket_events_ticket_idx` ON `ticket_events` (`ticket_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `ticket_events_company_idx` ON `ticket_events` (`company_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `quick_replies` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`user_id` text,
	`shortcut` text NOT NULL,
	`message` text NOT NULL,
	`media_path` text,
	`media_type` text,
	`media_name` text,
	`media_size` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `quick_replies_company_idx` ON `quick_replies` (`company_id`,`shortcut`);--> statement-breakpoint
CREATE UNIQUE INDEX `quick_replies_shared_unique` ON `quick_replies` (`company_id`,`shortcut`) WHERE user_id is null;--> statement-breakpoint
CREATE UNIQUE INDEX `quick_replies_personal_unique` ON `quick_replies` (`company_id`,`user_id`,`shortcut`) WHERE user_id is not null;--> statement-breakpoint
CREATE TABLE `contact_tags` (
	`company_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`tag_id` text NOT NULL,
	PRIMARY KEY(`contact_id`, `tag_id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contact_tags_tag_idx` ON `contact_tags` (`tag_id`);--> statement-breakpoint
CREATE INDEX `contact_tags_company_idx` ON `contact_tags` (`company_id`);--> statement-breakpoint
CREATE TABLE `tags` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`name` text NOT NULL,
	`color` text DEFAULT '#64748b' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tags_company_name_unique` ON `tags` (`company_id`,`name`);--> statement-breakpoint
CREATE TABLE `ticket_tags` (
	`company_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`tag_id` text NOT NULL,
	PRIMARY KEY(`ticket_id`, `tag_id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ticket_tags_tag_idx` ON `ticket_tags` (`tag_id`);--> statement-breakpoint
CREATE INDEX `ticket_tags_company_idx` ON `ticket_tags` (`company_id`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `notes` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `extra_info` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `is_private` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `tickets` ADD `observations` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `last_inbound_at` integer;