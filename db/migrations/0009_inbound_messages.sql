CREATE TABLE `inbound_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider` text NOT NULL,
	`provider_message_id` text NOT NULL,
	`from_phone` text NOT NULL,
	`body` text NOT NULL,
	`user_id` integer,
	`producer_id` integer,
	`market_id` integer,
	`sender` text NOT NULL,
	`command` text,
	`ok` integer DEFAULT false NOT NULL,
	`reply` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`producer_id`) REFERENCES `producers`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`market_id`) REFERENCES `markets`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "inbound_messages_provider" CHECK(provider IN ('sms', 'whatsapp')),
	CONSTRAINT "inbound_messages_sender" CHECK(sender IN ('producer', 'pending', 'suspended', 'unknown')),
	CONSTRAINT "inbound_messages_body_length" CHECK(length("inbound_messages"."body") <= 1600)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_messages_provider_id` ON `inbound_messages` (`provider`,`provider_message_id`);--> statement-breakpoint
CREATE INDEX `inbound_messages_producer_idx` ON `inbound_messages` (`producer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `inbound_messages_from_idx` ON `inbound_messages` (`from_phone`,`created_at`);