ALTER TABLE "users" ADD COLUMN "identity_approved_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "identity_approved_by" text;
--> statement-breakpoint
-- Users who already read identities keep doing so: approval applies to grants made from now on.
UPDATE "users" SET "identity_approved_at" = now(), "identity_approved_by" = 'migration' WHERE "role" = 'analyst';
