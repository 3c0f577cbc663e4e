CREATE TABLE `basket_bundles` (
	`user_id` integer NOT NULL,
	`bundle_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `bundle_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`bundle_id`) REFERENCES `bundles`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "basket_bundles_quantity_positive" CHECK("basket_bundles"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE `bundle_items` (
	`bundle_id` integer NOT NULL,
	`offer_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`bundle_id`, `offer_id`),
	FOREIGN KEY (`bundle_id`) REFERENCES `bundles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "bundle_items_quantity_positive" CHECK("bundle_items"."quantity" > 0)
);
--> statement-breakpoint
CREATE INDEX `bundle_items_offer_idx` ON `bundle_items` (`offer_id`);--> statement-breakpoint
CREATE TABLE `bundles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`market_id` integer NOT NULL,
	`market_day_id` integer NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`photo_key` text,
	`price_cents` integer NOT NULL,
	`max_count` integer,
	`per_customer_limit` integer,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`market_id`) REFERENCES `markets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`market_day_id`) REFERENCES `market_days`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "bundles_price_positive" CHECK("bundles"."price_cents" > 0),
	CONSTRAINT "bundles_max_nonneg" CHECK("bundles"."max_count" IS NULL OR "bundles"."max_count" >= 0),
	CONSTRAINT "bundles_limit_positive" CHECK("bundles"."per_customer_limit" IS NULL OR "bundles"."per_customer_limit" > 0),
	CONSTRAINT "bundles_status" CHECK(status IN ('draft', 'active', 'paused'))
);
--> statement-breakpoint
CREATE INDEX `bundles_market_day_idx` ON `bundles` (`market_day_id`,`status`);--> statement-breakpoint
CREATE INDEX `bundles_market_idx` ON `bundles` (`market_id`);--> statement-breakpoint
CREATE TABLE `order_bundles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`bundle_id` integer NOT NULL,
	`name` text NOT NULL,
	`unit_price_cents` integer NOT NULL,
	`quantity` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`bundle_id`) REFERENCES `bundles`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "order_bundles_quantity_positive" CHECK("order_bundles"."quantity" > 0),
	CONSTRAINT "order_bundles_price_positive" CHECK("order_bundles"."unit_price_cents" > 0)
);
--> statement-breakpoint
CREATE INDEX `order_bundles_order_idx` ON `order_bundles` (`order_id`);--> statement-breakpoint
CREATE INDEX `order_bundles_bundle_idx` ON `order_bundles` (`bundle_id`);--> statement-breakpoint
ALTER TABLE `order_items` ADD `order_bundle_id` integer REFERENCES order_bundles(id);--> statement-breakpoint
ALTER TABLE `order_items` ADD `share_cents` integer;--> statement-breakpoint
CREATE INDEX `order_items_order_bundle_idx` ON `order_items` (`order_bundle_id`);