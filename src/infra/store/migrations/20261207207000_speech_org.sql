CREATE TABLE "speech_org_lexicon_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"term" text NOT NULL,
	"language" text NOT NULL,
	"category" text NOT NULL,
	"weight" double precision NOT NULL,
	"target" text,
	"source" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "speech_org_lexicon_entries_weight" CHECK ("speech_org_lexicon_entries"."weight" > 0 and "speech_org_lexicon_entries"."weight" <= 1),
	CONSTRAINT "speech_org_lexicon_entries_group_target" CHECK ("speech_org_lexicon_entries"."category" <> 'group' or "speech_org_lexicon_entries"."target" is not null)
);
--> statement-breakpoint
CREATE TABLE "speech_org_lexicon_removals" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"term" text NOT NULL,
	"language" text NOT NULL,
	"category" text NOT NULL,
	"source" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "speech_org_models" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"model_id" integer NOT NULL,
	"previous_model_id" integer,
	"activated_by" text NOT NULL,
	"activated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "speech_models" ADD COLUMN "training_rows" integer;--> statement-breakpoint
ALTER TABLE "speech_models" ADD COLUMN "label_counts" jsonb;--> statement-breakpoint
ALTER TABLE "speech_models" ADD COLUMN "cross_validation" jsonb;--> statement-breakpoint
ALTER TABLE "speech_org_lexicon_entries" ADD CONSTRAINT "speech_org_lexicon_entries_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speech_org_lexicon_removals" ADD CONSTRAINT "speech_org_lexicon_removals_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speech_org_models" ADD CONSTRAINT "speech_org_models_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speech_org_models" ADD CONSTRAINT "speech_org_models_model_id_speech_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."speech_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speech_org_models" ADD CONSTRAINT "speech_org_models_previous_model_id_speech_models_id_fk" FOREIGN KEY ("previous_model_id") REFERENCES "public"."speech_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "speech_org_lexicon_entries_key" ON "speech_org_lexicon_entries" USING btree ("organisation_id","term","language","category","source");--> statement-breakpoint
CREATE UNIQUE INDEX "speech_org_lexicon_removals_key" ON "speech_org_lexicon_removals" USING btree ("organisation_id","term","language","category","source");--> statement-breakpoint
CREATE INDEX "speech_org_models_model" ON "speech_org_models" USING btree ("model_id");--> statement-breakpoint
-- Hand-written below this line (drizzle-kit does not model grants, policies or triggers).
-- An organisation's own lexicon additions, removals and active model are scoped like reports: the
-- restricted role tocsin_app sees and writes only the rows of the organisation named by
-- tocsin.org_id (see org-scope.ts), so one organisation's edits cannot reach another's analysis.
GRANT SELECT, INSERT, DELETE ON speech_org_lexicon_entries, speech_org_lexicon_removals TO tocsin_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON speech_org_models TO tocsin_app;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE speech_org_lexicon_entries_id_seq, speech_org_lexicon_removals_id_seq TO tocsin_app;
--> statement-breakpoint
ALTER TABLE speech_org_lexicon_entries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON speech_org_lexicon_entries USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE speech_org_lexicon_removals ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON speech_org_lexicon_removals USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE speech_org_models ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON speech_org_models USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
