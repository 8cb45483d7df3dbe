CREATE TABLE `channel_auth_creds` (
	`connection_id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`creds` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `channel_auth_creds_company_idx` ON `channel_auth_creds` (`company_id`);--> statement-breakpoint
CREATE TABLE `channel_auth_keys` (
	`connection_id` text NOT NULL,
	`company_id` text NOT NULL,
	`type` text NOT NULL,
	`key_id` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`connection_id`, `type`, `key_id`),
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `channel_auth_keys_company_idx` ON `channel_auth_keys` (`company_id`);--> statement-breakpoint
CREATE TABLE `connections` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`name` text NOT NULL,
	`channel` text NOT NULL,
	`status` text DEFAULT 'disconnected' NOT NULL,
	`phone` text,
	`profile_name` text,
	`qr_code` text,
	`pairing_code` text,
	`last_error` text,
	`is_default` integer DEFAULT false NOT NULL,
	`queue_id` text,
	`groups_enabled` integer DEFAULT false NOT NULL,
	`import_from` integer,
	`import_to` integer,
	`token_hash` text,
	`token_hint` text,
	`status_changed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `connections_company_idx` ON `connections` (`company_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `connections_default_unique` ON `connections` (`company_id`) WHERE is_default = 1;--> statement-breakpoint
CREATE UNIQUE INDEX `connections_token_unique` ON `connections` (`token_hash`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`name` text NOT NULL,
	`number` text,
	`lid` text,
	`push_name` text,
	`email` text,
	`is_group` integer DEFAULT false NOT NULL,
	`group_id` text,
	`blocked` integer DEFAULT false NOT NULL,
	`profile_picture_url` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contacts_company_name_idx` ON `contacts` (`company_id`,`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_company_number_unique` ON `contacts` (`company_id`,`number`) WHERE number is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_company_lid_unique` ON `contacts` (`company_id`,`lid`) WHERE lid is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_company_group_unique` ON `contacts` (`company_id`,`group_id`) WHERE group_id is not null;--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`connection_id` text NOT NULL,
	`external_id` text,
	`from_me` integer NOT NULL,
	`type` text NOT NULL,
	`body` text,
	`media_path` text,
	`media_type` text,
	`media_name` text,
	`media_size` integer,
	`media_duration` real,
	`latitude` real,
	`longitude` real,
	`quoted_message_id` text,
	`status` text NOT NULL,
	`error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`reactions` text,
	`edited_at` integer,
	`deleted_at` integer,
	`user_id` text,
	`author_name` text,
	`timestamp` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `messages_ticket_time_idx` ON `messages` (`ticket_id`,`timestamp`);--> statement-breakpoint
CREATE INDEX `messages_company_idx` ON `messages` (`company_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `messages_connection_external_unique` ON `messages` (`connection_id`,`external_id`) WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX `messages_outbox_idx` ON `messages` (`connection_id`,`status`,`created_at`) WHERE status in ('queued', 'sending');--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`connection_id` text NOT NULL,
	`queue_id` text,
	`user_id` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`chat_id` text NOT NULL,
	`is_group` integer DEFAULT false NOT NULL,
	`unread_count` integer DEFAULT 0 NOT NULL,
	`last_message_text` text,
	`last_message_at` integer,
	`imported` integer DEFAULT false NOT NULL,
	`closed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `tickets_company_status_queue_idx` ON `tickets` (`company_id`,`status`,`queue_id`,`last_message_at`);--> statement-breakpoint
CREATE INDEX `tickets_company_activity_idx` ON `tickets` (`company_id`,`last_message_at`);--> statement-breakpoint
CREATE INDEX `tickets_contact_connection_idx` ON `tickets` (`contact_id`,`connection_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_one_active_unique` ON `tickets` (`contact_id`,`connection_id`) WHERE status in ('pending', 'open');