CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`market_id` integer,
	`actor_user_id` integer,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`market_id`) REFERENCES `markets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_market_idx` ON `audit_log` (`market_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE TABLE `categories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`market_id` integer NOT NULL,
	`slug` text NOT NULL,
	`name_es` text NOT NULL,
	`name_qu` text NOT NULL,
	`name_en` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`market_id`) REFERENCES `markets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `categories_market_slug` ON `categories` (`market_id`,`slug`);--> statement-breakpoint
CREATE TABLE `certifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`producer_id` integer NOT NULL,
	`kind` text NOT NULL,
	`certifier` text NOT NULL,
	`certified_on` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`producer_id`) REFERENCES `producers`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "certifications_kind" CHECK(kind IN ('sgp', 'organic'))
);
--> statement-breakpoint
CREATE INDEX `certifications_producer_idx` ON `certifications` (`producer_id`);--> statement-breakpoint
CREATE INDEX `certifications_kind_idx` ON `certifications` (`kind`);--> statement-breakpoint
CREATE TABLE `login_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`identifier` text NOT NULL,
	`ip` text NOT NULL,
	`succeeded` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_attempts_pair_idx` ON `login_attempts` (`identifier`,`ip`,`created_at`);--> statement-breakpoint
CREATE INDEX `login_attempts_ip_idx` ON `login_attempts` (`ip`,`created_at`);--> statement-breakpoint
CREATE TABLE `market_days` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`market_id` integer NOT NULL,
	`date` text NOT NULL,
	`orders_open_at` integer NOT NULL,
	`cutoff_at` integer NOT NULL,
	`pickup_start_at` integer NOT NULL,
	`pickup_end_at` integer NOT NULL,
	`place` text NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`market_id`) REFERENCES `markets`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "market_days_status" CHECK(status IN ('scheduled', 'open', 'closed', 'cancelled', 'completed')),
	CONSTRAINT "market_days_order_window" CHECK("market_days"."orders_open_at" < "market_days"."cutoff_at"),
	CONSTRAINT "market_days_pickup_window" CHECK("market_days"."pickup_start_at" < "market_days"."pickup_end_at"),
	CONSTRAINT "market_days_date_format" CHECK("market_days"."date" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `market_days_market_date` ON `market_days` (`market_id`,`date`);--> statement-breakpoint
CREATE TABLE `markets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`city` text NOT NULL,
	`timezone` text DEFAULT 'America/Lima' NOT NULL,
	`currency` text DEFAULT 'PEN' NOT NULL,
	`commission_bps` integer DEFAULT 0 NOT NULL,
	`default_place` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	CONSTRAINT "markets_commission_range" CHECK("markets"."commission_bps" BETWEEN 0 AND 10000)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `markets_slug_unique` ON `markets` (`slug`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`market_id` integer NOT NULL,
	`role` text NOT NULL,
	`status` text DEFAULT 'approved' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`market_id`) REFERENCES `markets`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "memberships_role" CHECK(role IN ('consumer', 'producer', 'coordinator', 'admin')),
	CONSTRAINT "memberships_status" CHECK(status IN ('pending', 'approved', 'suspended'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `memberships_user_market_role` ON `memberships` (`user_id`,`market_id`,`role`);--> statement-breakpoint
CREATE INDEX `memberships_market_role_idx` ON `memberships` (`market_id`,`role`,`status`);--> statement-breakpoint
CREATE TABLE `notification_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dedupe_key` text NOT NULL,
	`user_id` integer,
	`channel` text NOT NULL,
	`template` text NOT NULL,
	`payload` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "outbox_channel" CHECK(channel IN ('email', 'sms', 'whatsapp', 'log')),
	CONSTRAINT "outbox_status" CHECK(status IN ('pending', 'sent', 'failed')),
	CONSTRAINT "outbox_attempts_nonneg" CHECK("notification_outbox"."attempts" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_outbox_dedupe_key_unique` ON `notification_outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `notification_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `offers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`market_day_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`producer_id` integer NOT NULL,
	`price_cents` integer NOT NULL,
	`quantity` integer NOT NULL,
	`reserved` integer DEFAULT 0 NOT NULL,
	`per_customer_limit` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`market_day_id`) REFERENCES `market_days`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`producer_id`) REFERENCES `producers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "offers_price_positive" CHECK("offers"."price_cents" > 0),
	CONSTRAINT "offers_quantity_nonneg" CHECK("offers"."quantity" >= 0),
	CONSTRAINT "offers_reserved_nonneg" CHECK("offers"."reserved" >= 0),
	CONSTRAINT "offers_never_oversold" CHECK("offers"."reserved" <= "offers"."quantity"),
	CONSTRAINT "offers_limit_positive" CHECK("offers"."per_customer_limit" IS NULL OR "offers"."per_customer_limit" > 0),
	CONSTRAINT "offers_status" CHECK(status IN ('active', 'paused'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offers_market_day_product` ON `offers` (`market_day_id`,`product_id`);--> statement-breakpoint
CREATE INDEX `offers_market_day_status_idx` ON `offers` (`market_day_id`,`status`);--> statement-breakpoint
CREATE INDEX `offers_producer_idx` ON `offers` (`producer_id`,`market_day_id`);--> statement-breakpoint
CREATE TABLE `order_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`offer_id` integer NOT NULL,
	`producer_id` integer NOT NULL,
	`product_name` text NOT NULL,
	`unit` text NOT NULL,
	`unit_price_cents` integer NOT NULL,
	`quantity` integer NOT NULL,
	`delivered_quantity` integer,
	`fulfilment` text DEFAULT 'pending' NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`producer_id`) REFERENCES `producers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "order_items_quantity_positive" CHECK("order_items"."quantity" > 0),
	CONSTRAINT "order_items_price_nonneg" CHECK("order_items"."unit_price_cents" >= 0),
	CONSTRAINT "order_items_delivered_range" CHECK("order_items"."delivered_quantity" IS NULL OR ("order_items"."delivered_quantity" BETWEEN 0 AND "order_items"."quantity")),
	CONSTRAINT "order_items_fulfilment" CHECK(fulfilment IN ('pending', 'delivered', 'short'))
);
--> statement-breakpoint
CREATE INDEX `order_items_order_idx` ON `order_items` (`order_id`);--> statement-breakpoint
CREATE INDEX `order_items_offer_idx` ON `order_items` (`offer_id`);--> statement-breakpoint
CREATE INDEX `order_items_producer_idx` ON `order_items` (`producer_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`market_id` integer NOT NULL,
	`consumer_id` integer NOT NULL,
	`market_day_id` integer NOT NULL,
	`slot_id` integer NOT NULL,
	`status` text NOT NULL,
	`payment_method` text DEFAULT 'cash' NOT NULL,
	`payment_status` text DEFAULT 'unpaid' NOT NULL,
	`total_cents` integer NOT NULL,
	`pickup_code` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`hold_expires_at` integer,
	`cash_received_cents` integer,
	`picked_up_at` integer,
	`cancelled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`market_id`) REFERENCES `markets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`consumer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`market_day_id`) REFERENCES `market_days`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`slot_id`) REFERENCES `pickup_slots`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "orders_status" CHECK(status IN ('pending_payment', 'confirmed', 'picked_up', 'partially_picked_up', 'no_show', 'cancelled', 'expired')),
	CONSTRAINT "orders_payment_method" CHECK(payment_method IN ('cash', 'card')),
	CONSTRAINT "orders_payment_status" CHECK(payment_status IN ('unpaid', 'pending', 'paid', 'refunded', 'failed')),
	CONSTRAINT "orders_total_nonneg" CHECK("orders"."total_cents" >= 0),
	CONSTRAINT "orders_cash_nonneg" CHECK("orders"."cash_received_cents" IS NULL OR "orders"."cash_received_cents" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_idempotency_key_unique` ON `orders` (`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_market_day_code` ON `orders` (`market_day_id`,`pickup_code`);--> statement-breakpoint
CREATE INDEX `orders_consumer_idx` ON `orders` (`consumer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_market_day_slot_idx` ON `orders` (`market_day_id`,`slot_id`);--> statement-breakpoint
CREATE INDEX `orders_market_idx` ON `orders` (`market_id`,`market_day_id`);--> statement-breakpoint
CREATE INDEX `orders_hold_idx` ON `orders` (`status`,`hold_expires_at`);--> statement-breakpoint
CREATE TABLE `payment_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`order_id` integer,
	`created_at` integer NOT NULL,
	`processed_at` integer,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`provider` text DEFAULT 'stripe' NOT NULL,
	`provider_session_id` text,
	`provider_payment_intent_id` text,
	`amount_cents` integer NOT NULL,
	`currency` text DEFAULT 'pen' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`refunded_cents` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "payments_amount_nonneg" CHECK("payments"."amount_cents" >= 0),
	CONSTRAINT "payments_refund_range" CHECK("payments"."refunded_cents" BETWEEN 0 AND "payments"."amount_cents"),
	CONSTRAINT "payments_status" CHECK(status IN ('unpaid', 'pending', 'paid', 'refunded', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_provider_session_id_unique` ON `payments` (`provider_session_id`);--> statement-breakpoint
CREATE INDEX `payments_order_idx` ON `payments` (`order_id`);--> statement-breakpoint
CREATE TABLE `pickup_slots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`market_day_id` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`capacity` integer NOT NULL,
	`booked` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`market_day_id`) REFERENCES `market_days`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pickup_slots_capacity_nonneg" CHECK("pickup_slots"."capacity" >= 0),
	CONSTRAINT "pickup_slots_booked_nonneg" CHECK("pickup_slots"."booked" >= 0),
	CONSTRAINT "pickup_slots_never_overbooked" CHECK("pickup_slots"."booked" <= "pickup_slots"."capacity"),
	CONSTRAINT "pickup_slots_window" CHECK("pickup_slots"."starts_at" < "pickup_slots"."ends_at")
);
--> statement-breakpoint
CREATE INDEX `pickup_slots_market_day_idx` ON `pickup_slots` (`market_day_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `producers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`market_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`membership_id` integer NOT NULL,
	`slug` text NOT NULL,
	`farm_name` text NOT NULL,
	`community` text DEFAULT '' NOT NULL,
	`district` text DEFAULT '' NOT NULL,
	`province` text NOT NULL,
	`story` text DEFAULT '' NOT NULL,
	`photo_key` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`market_id`) REFERENCES `markets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`membership_id`) REFERENCES `memberships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `producers_membership_id_unique` ON `producers` (`membership_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `producers_market_slug` ON `producers` (`market_id`,`slug`);--> statement-breakpoint
CREATE INDEX `producers_market_province_idx` ON `producers` (`market_id`,`province`);--> statement-breakpoint
CREATE INDEX `producers_user_idx` ON `producers` (`user_id`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`producer_id` integer NOT NULL,
	`category_id` integer NOT NULL,
	`name` text NOT NULL,
	`unit` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`photo_key` text,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`producer_id`) REFERENCES `producers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "products_unit" CHECK(unit IN ('kg', 'atado', 'unidad', 'docena', 'arroba', 'saco', 'litro', 'atado_grande', 'bolsa', 'frasco', 'porcion'))
);
--> statement-breakpoint
CREATE INDEX `products_producer_idx` ON `products` (`producer_id`);--> statement-breakpoint
CREATE INDEX `products_category_idx` ON `products` (`category_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`phone` text,
	`email` text,
	`password_hash` text NOT NULL,
	`locale` text DEFAULT 'es' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "users_contact" CHECK("users"."phone" IS NOT NULL OR "users"."email" IS NOT NULL),
	CONSTRAINT "users_locale" CHECK(locale IN ('es', 'qu', 'en'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_phone_unique` ON `users` (`phone`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);