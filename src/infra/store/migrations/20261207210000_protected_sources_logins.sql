-- Witness and source details are protected like reporter identity (#14 point 6): the whole list is a keyring envelope here, and "sources" keeps each source's kind only. Rows written before are sealed when the server starts (services/report-keys.service.ts).
ALTER TABLE "reports" ADD COLUMN "sources_secret" text;--> statement-breakpoint
-- Sign-in failures are counted per e-mail (SHA-256 of the normalised address), whether an account has it or not, so a lock answers and writes the same for both (#14 point 7). No organisation: it is read before anyone is known, in the system context only (no grant to tocsin_app).
CREATE TABLE "login_attempts" (
  "email_hash" text PRIMARY KEY NOT NULL,
  "failed" integer DEFAULT 0 NOT NULL,
  "locked_until" timestamp with time zone,
  "updated_at" timestamp with time zone NOT NULL
);--> statement-breakpoint
-- The counters move to login_attempts; an account's row no longer changes when someone guesses at it.
ALTER TABLE "users" DROP COLUMN "failed_logins";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "locked_until";--> statement-breakpoint
-- An admin's forced reset: the user holds no permission until they choose a new password (#14 point 7).
ALTER TABLE "users" ADD COLUMN "password_reset_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Speech items are covered by audit verify (#14 point 4): each ingest's audit entry hashes the texts it stored, found again by batch.
ALTER TABLE "speech_items" ADD COLUMN "batch_id" uuid;--> statement-breakpoint
CREATE INDEX "speech_items_batch" ON "speech_items" ("batch_id");
