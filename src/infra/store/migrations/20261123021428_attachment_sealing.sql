ALTER TABLE "attachments" ADD COLUMN "stored_sha256" text;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "working_stored_sha256" text;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "file_key" text;