CREATE TABLE `producer_requests` (
	`request_key` text PRIMARY KEY NOT NULL,
	`producer_id` integer NOT NULL,
	`target` text NOT NULL,
	`outcome` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`producer_id`) REFERENCES `producers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `producer_requests_created_idx` ON `producer_requests` (`created_at`);