CREATE TABLE "feeds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"schedule" text NOT NULL,
	"config" jsonb NOT NULL,
	"credentials" text,
	"cursor" jsonb,
	"paused" boolean DEFAULT false NOT NULL,
	"paused_reason" text,
	"expected_rhythm_minutes" integer NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"running_until" timestamp with time zone,
	"last_run_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"last_rows_added" integer DEFAULT 0 NOT NULL,
	"rows_added" integer DEFAULT 0 NOT NULL,
	"stale_since" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "feeds_source_known" CHECK ("feeds"."source" in ('gdelt', 'rss', 'ucdp-ged-api', 'ucdp-ged-csv', 'acled', 'ewp')),
	CONSTRAINT "feeds_rhythm_positive" CHECK ("feeds"."expected_rhythm_minutes" > 0)
);
--> statement-breakpoint
ALTER TABLE "feeds" ADD CONSTRAINT "feeds_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feeds" ADD CONSTRAINT "feeds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "feeds_org_name" ON "feeds" USING btree ("organisation_id","name");--> statement-breakpoint
CREATE INDEX "feeds_due" ON "feeds" USING btree ("paused","next_run_at");--> statement-breakpoint
-- Hand-written below this line (drizzle-kit does not model grants or policies).
-- Feeds are organisation-scoped like subscriptions: the restricted role tocsin_app sees and writes
-- only the rows of the organisation named by tocsin.org_id (see org-scope.ts). Admins remove feeds
-- (the audit chain keeps the record), hence the DELETE grant.
GRANT SELECT, INSERT, UPDATE, DELETE ON feeds TO tocsin_app;
--> statement-breakpoint
ALTER TABLE feeds ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON feeds USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
