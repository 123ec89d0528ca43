-- Cooperation between organisations (issue 16 parts 1-2, issue 14 point 8). Hand-written.
-- Public publishers: organisations whose overrides set the public level (designated by the operators).
ALTER TABLE "organisations" ADD COLUMN "public_publisher" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Alert levels: organisation_id NULL is the public view; a row with an organisation is that
-- organisation's own view of a subject (its private signals and its overrides added).
ALTER TABLE "alerts" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
DROP INDEX "alerts_one_current";--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_current" ON "alerts" ("organisation_id","country_iso3","situation") NULLS NOT DISTINCT WHERE "current";--> statement-breakpoint
CREATE INDEX "alerts_org_current" ON "alerts" ("organisation_id","current");--> statement-breakpoint
ALTER TABLE "alerts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- Everyone reads the public view; an organisation reads its own view and nobody else's.
CREATE POLICY org_isolation ON "alerts" USING ("organisation_id" IS NULL OR "organisation_id" = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK ("organisation_id" = nullif(current_setting('tocsin.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "alert_states" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "alert_states" ADD CONSTRAINT "alert_states_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_states" DROP CONSTRAINT "alert_states_country_iso3_situation_pk";--> statement-breakpoint
CREATE UNIQUE INDEX "alert_states_subject" ON "alert_states" ("organisation_id","country_iso3","situation") NULLS NOT DISTINCT;--> statement-breakpoint
ALTER TABLE "alert_states" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY org_isolation ON "alert_states" USING ("organisation_id" IS NULL OR "organisation_id" = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK ("organisation_id" = nullif(current_setting('tocsin.org_id', true), '')::uuid);--> statement-breakpoint
-- Speech items: the submitting organisation (NULL for the operator's command line); client ids are
-- unique per organisation, so one organisation cannot pre-empt another's id.
ALTER TABLE "speech_items" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "speech_items" ADD CONSTRAINT "speech_items_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
DROP INDEX "speech_items_client_id";--> statement-breakpoint
CREATE UNIQUE INDEX "speech_items_org_client_id" ON "speech_items" ("organisation_id","client_id") NULLS NOT DISTINCT;--> statement-breakpoint
ALTER TABLE "speech_items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY org_isolation ON "speech_items" USING ("organisation_id" IS NULL OR "organisation_id" = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK ("organisation_id" = nullif(current_setting('tocsin.org_id', true), '')::uuid);--> statement-breakpoint
-- An analyst's confirmation of a speech spike: only confirmed spikes move the public level.
CREATE TABLE "speech_spike_confirmations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"country_iso3" text NOT NULL,
	"period" text NOT NULL,
	"dimension" text NOT NULL,
	"key" text NOT NULL,
	"confirmed_by" text NOT NULL,
	"note" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);--> statement-breakpoint
ALTER TABLE "speech_spike_confirmations" ADD CONSTRAINT "speech_spike_confirmations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speech_spike_confirmations" ADD CONSTRAINT "speech_spike_confirmations_country_iso3_countries_iso3_fk" FOREIGN KEY ("country_iso3") REFERENCES "public"."countries"("iso3") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "speech_spike_confirmations_spike" ON "speech_spike_confirmations" ("country_iso3","period","dimension","key");--> statement-breakpoint
ALTER TABLE "speech_spike_confirmations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY org_isolation ON "speech_spike_confirmations" USING ("organisation_id" = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK ("organisation_id" = nullif(current_setting('tocsin.org_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON "speech_spike_confirmations" TO tocsin_app;--> statement-breakpoint
-- Deliberate sharing: a redacted copy of an alert, assessment or verified report, sent to named
-- organisations on this instance (recipients) or published to all. The payload is the redacted
-- shared shape only (domain/sharing); the original never leaves its organisation's tables.
CREATE TABLE "shares" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"item_type" text NOT NULL,
	"item_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"recipients" uuid[] NOT NULL,
	"published" boolean NOT NULL,
	"shared_by" text NOT NULL,
	"shared_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text
);--> statement-breakpoint
ALTER TABLE "shares" ADD CONSTRAINT "shares_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "shares_org" ON "shares" ("organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "shares_recipients" ON "shares" USING gin ("recipients");--> statement-breakpoint
ALTER TABLE "shares" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- The sharer reads and writes its shares; a recipient (or anyone, once published) reads a share
-- that is not revoked, and never writes it.
CREATE POLICY share_owner ON "shares" USING ("organisation_id" = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK ("organisation_id" = nullif(current_setting('tocsin.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY share_recipient ON "shares" FOR SELECT USING ("revoked_at" IS NULL AND ("published" OR nullif(current_setting('tocsin.org_id', true), '')::uuid = ANY ("recipients")));--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "shares" TO tocsin_app;--> statement-breakpoint
CREATE TABLE "share_acknowledgements" (
	"share_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"acknowledged_by" text NOT NULL,
	"note" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "share_acknowledgements_pk" PRIMARY KEY("share_id","organisation_id")
);--> statement-breakpoint
ALTER TABLE "share_acknowledgements" ADD CONSTRAINT "share_acknowledgements_share_id_shares_id_fk" FOREIGN KEY ("share_id") REFERENCES "public"."shares"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_acknowledgements" ADD CONSTRAINT "share_acknowledgements_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_acknowledgements" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY org_isolation ON "share_acknowledgements" USING ("organisation_id" = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK ("organisation_id" = nullif(current_setting('tocsin.org_id', true), '')::uuid);--> statement-breakpoint
GRANT SELECT, INSERT ON "share_acknowledgements" TO tocsin_app;
