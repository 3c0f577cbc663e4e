DROP INDEX `orders_market_idx`;--> statement-breakpoint
DROP INDEX `orders_hold_idx`;--> statement-breakpoint
CREATE INDEX `orders_hold_idx` ON `orders` (`hold_expires_at`) WHERE "orders"."status" = 'pending_payment';