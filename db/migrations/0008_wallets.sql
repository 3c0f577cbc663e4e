CREATE TABLE `market_wallets` (
	`market_id` integer PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`holder_name` text DEFAULT '' NOT NULL,
	`yape_number` text,
	`plin_number` text,
	`qr_photo_key` text,
	`proof_wait_minutes` integer DEFAULT 60 NOT NULL,
	`verify_lead_minutes` integer DEFAULT 720 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`market_id`) REFERENCES `markets`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "market_wallets_wait_range" CHECK("market_wallets"."proof_wait_minutes" BETWEEN 10 AND 1440),
	CONSTRAINT "market_wallets_lead_range" CHECK("market_wallets"."verify_lead_minutes" BETWEEN 0 AND 10080)
);
--> statement-breakpoint
CREATE TABLE `payment_proofs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`market_id` integer NOT NULL,
	`app` text NOT NULL,
	`operation_number` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`screenshot_key` text,
	`status` text DEFAULT 'waiting' NOT NULL,
	`reject_reason` text,
	`decided_by_user_id` integer,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`market_id`) REFERENCES `markets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "payment_proofs_status" CHECK(status IN ('waiting', 'verified', 'rejected', 'lapsed', 'returned')),
	CONSTRAINT "payment_proofs_app" CHECK(app IN ('yape', 'plin')),
	CONSTRAINT "payment_proofs_amount_nonneg" CHECK("payment_proofs"."amount_cents" >= 0),
	CONSTRAINT "payment_proofs_operation_digits" CHECK("payment_proofs"."operation_number" GLOB '[0-9]*' AND length("payment_proofs"."operation_number") BETWEEN 4 AND 20)
);
--> statement-breakpoint
CREATE INDEX `payment_proofs_order_idx` ON `payment_proofs` (`order_id`);--> statement-breakpoint
CREATE INDEX `payment_proofs_queue_idx` ON `payment_proofs` (`market_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `payment_proofs_operation_idx` ON `payment_proofs` (`market_id`,`operation_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `payment_proofs_one_waiting` ON `payment_proofs` (`order_id`) WHERE "payment_proofs"."status" = 'waiting';--> statement-breakpoint
CREATE UNIQUE INDEX `payment_proofs_verified_once` ON `payment_proofs` (`market_id`,`operation_number`) WHERE "payment_proofs"."status" = 'verified';--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_orders` (
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
	CONSTRAINT "orders_payment_method" CHECK(payment_method IN ('cash', 'card', 'yape_plin')),
	CONSTRAINT "orders_payment_status" CHECK(payment_status IN ('unpaid', 'pending', 'paid', 'refunded', 'failed')),
	CONSTRAINT "orders_total_nonneg" CHECK("__new_orders"."total_cents" >= 0),
	CONSTRAINT "orders_cash_nonneg" CHECK("__new_orders"."cash_received_cents" IS NULL OR "__new_orders"."cash_received_cents" >= 0)
);
--> statement-breakpoint
INSERT INTO `__new_orders`("id", "market_id", "consumer_id", "market_day_id", "slot_id", "status", "payment_method", "payment_status", "total_cents", "pickup_code", "idempotency_key", "hold_expires_at", "cash_received_cents", "picked_up_at", "cancelled_at", "created_at", "updated_at") SELECT "id", "market_id", "consumer_id", "market_day_id", "slot_id", "status", "payment_method", "payment_status", "total_cents", "pickup_code", "idempotency_key", "hold_expires_at", "cash_received_cents", "picked_up_at", "cancelled_at", "created_at", "updated_at" FROM `orders`;--> statement-breakpoint
DROP TABLE `orders`;--> statement-breakpoint
ALTER TABLE `__new_orders` RENAME TO `orders`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `orders_idempotency_key_unique` ON `orders` (`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_market_day_code` ON `orders` (`market_day_id`,`pickup_code`);--> statement-breakpoint
CREATE INDEX `orders_consumer_idx` ON `orders` (`consumer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_market_day_slot_idx` ON `orders` (`market_day_id`,`slot_id`);--> statement-breakpoint
CREATE INDEX `orders_hold_idx` ON `orders` (`hold_expires_at`) WHERE "orders"."status" = 'pending_payment';