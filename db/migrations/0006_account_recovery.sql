CREATE TABLE `account_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`code_hash` text NOT NULL,
	`new_phone` text,
	`new_email` text,
	`issued_by_user_id` integer,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`issued_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "account_codes_purpose" CHECK(purpose IN ('reset', 'contact')),
	CONSTRAINT "account_codes_attempts" CHECK("account_codes"."failed_attempts" >= 0),
	CONSTRAINT "account_codes_contact" CHECK("account_codes"."purpose" <> 'contact' OR "account_codes"."new_phone" IS NOT NULL OR "account_codes"."new_email" IS NOT NULL)
);
--> statement-breakpoint
CREATE INDEX `account_codes_user_idx` ON `account_codes` (`user_id`,`purpose`,`created_at`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`phone` text,
	`email` text,
	`password_hash` text NOT NULL,
	`locale` text DEFAULT 'es' NOT NULL,
	`notify_email` integer DEFAULT true NOT NULL,
	`notify_sms` integer DEFAULT true NOT NULL,
	`notify_whatsapp` integer DEFAULT false NOT NULL,
	`assisted` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "users_contact" CHECK("__new_users"."phone" IS NOT NULL OR "__new_users"."email" IS NOT NULL OR "__new_users"."assisted" = 1),
	CONSTRAINT "users_locale" CHECK(locale IN ('es', 'qu', 'en'))
);
--> statement-breakpoint
INSERT INTO `__new_users`("id", "name", "phone", "email", "password_hash", "locale", "notify_email", "notify_sms", "notify_whatsapp", "assisted", "created_at", "updated_at") SELECT "id", "name", "phone", "email", "password_hash", "locale", "notify_email", "notify_sms", "notify_whatsapp", 0, "created_at", "updated_at" FROM `users`;--> statement-breakpoint
DROP TABLE `users`;--> statement-breakpoint
ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `users_phone_unique` ON `users` (`phone`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);