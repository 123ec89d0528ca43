-- Response actions a recipient organisation records on an alert shared with it (issue 16). Hand-written.
-- The row belongs to the recipient (organisation_id), never to the sharer: what an organisation does
-- about a warning is its own operational information. The sharer reads a row only when the
-- recipient chose to tell it (visible_to_sharer), and then only for shares that are its own.
CREATE TABLE "share_responses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"share_id" uuid NOT NULL,
	"description" text NOT NULL,
	"status" text NOT NULL,
	"outcome" text,
	"visible_to_sharer" boolean NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);--> statement-breakpoint
ALTER TABLE "share_responses" ADD CONSTRAINT "share_responses_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_responses" ADD CONSTRAINT "share_responses_share_id_shares_id_fk" FOREIGN KEY ("share_id") REFERENCES "public"."shares"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_responses" ADD CONSTRAINT "share_responses_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "share_responses_org_share" ON "share_responses" ("organisation_id","share_id");--> statement-breakpoint
CREATE INDEX "share_responses_share" ON "share_responses" ("share_id");--> statement-breakpoint
ALTER TABLE "share_responses" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- The recipient reads and writes its own rows.
CREATE POLICY org_isolation ON "share_responses" USING ("organisation_id" = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK ("organisation_id" = nullif(current_setting('tocsin.org_id', true), '')::uuid);--> statement-breakpoint
-- The sharer reads (never writes) the rows the recipient chose to show it, on its own shares only
-- (the sub-select on "shares" is itself under the shares policies: an organisation sees its own shares).
CREATE POLICY sharer_reads_told ON "share_responses" FOR SELECT USING ("visible_to_sharer" AND EXISTS (SELECT 1 FROM "shares" s WHERE s."id" = "share_id" AND s."organisation_id" = nullif(current_setting('tocsin.org_id', true), '')::uuid));--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "share_responses" TO tocsin_app;
