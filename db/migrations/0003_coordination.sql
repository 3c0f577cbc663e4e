CREATE TABLE `settlements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`market_id` integer NOT NULL,
	`market_day_id` integer NOT NULL,
	`producer_id` integer NOT NULL,
	`gross_cents` integer NOT NULL,
	`commission_bps` integer NOT NULL,
	`commission_cents` integer NOT NULL,
	`net_cents` integer NOT NULL,
	`paid_on` text NOT NULL,
	`reference` text NOT NULL,
	`paid_by_user_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`market_id`) REFERENCES `markets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`market_day_id`) REFERENCES `market_days`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`producer_id`) REFERENCES `producers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`paid_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "settlements_amounts_nonneg" CHECK("settlements"."gross_cents" >= 0 AND "settlements"."net_cents" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `settlements_day_producer` ON `settlements` (`market_day_id`,`producer_id`);--> statement-breakpoint
CREATE INDEX `settlements_market_idx` ON `settlements` (`market_id`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `request_key` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `undone_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_request_key_unique` ON `audit_log` (`request_key`);