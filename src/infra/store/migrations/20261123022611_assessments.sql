CREATE TABLE "assessment_frameworks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"definition" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"assessment_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"author_id" uuid NOT NULL,
	"reviewer_id" uuid,
	"review_note" text,
	"assessed_on" date NOT NULL,
	"content" jsonb NOT NULL,
	"synthesis" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"country_iso3" text NOT NULL,
	"situation" text,
	"title" text NOT NULL,
	"framework_key" text NOT NULL,
	"framework_version" integer NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assessment_frameworks" ADD CONSTRAINT "assessment_frameworks_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_frameworks" ADD CONSTRAINT "assessment_frameworks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_versions" ADD CONSTRAINT "assessment_versions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_versions" ADD CONSTRAINT "assessment_versions_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_versions" ADD CONSTRAINT "assessment_versions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_versions" ADD CONSTRAINT "assessment_versions_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_country_iso3_countries_iso3_fk" FOREIGN KEY ("country_iso3") REFERENCES "public"."countries"("iso3") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_frameworks_org_key_version" ON "assessment_frameworks" USING btree ("organisation_id","key","version");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_versions_assessment_version" ON "assessment_versions" USING btree ("assessment_id","version");--> statement-breakpoint
CREATE INDEX "assessment_versions_org_status" ON "assessment_versions" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "assessments_org" ON "assessments" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "assessments_country" ON "assessments" USING btree ("country_iso3");--> statement-breakpoint
-- Hand-written below this line (drizzle-kit does not model grants, policies or triggers).
-- Assessments are organisation-scoped exactly like reports: the restricted role tocsin_app sees and
-- writes only the rows of the organisation named by tocsin.org_id (see org-scope.ts). Frameworks and
-- assessments are never updated; versions change only until they are published.
GRANT SELECT, INSERT ON assessment_frameworks, assessments TO tocsin_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON assessment_versions TO tocsin_app;
--> statement-breakpoint
ALTER TABLE assessment_frameworks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON assessment_frameworks USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE assessments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON assessments USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE assessment_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON assessment_versions USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
--> statement-breakpoint
-- A published version is immutable, whoever connects: the database refuses to change or remove it.
CREATE FUNCTION tocsin_published_assessment_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'assessment version % is published and cannot change (% refused)', OLD.id, TG_OP;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
--> statement-breakpoint
CREATE TRIGGER assessment_versions_published_immutable BEFORE UPDATE OR DELETE ON assessment_versions FOR EACH ROW EXECUTE FUNCTION tocsin_published_assessment_immutable();
