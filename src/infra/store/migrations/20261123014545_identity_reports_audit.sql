CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"scopes" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"csrf_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"report_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"working_sha256" text,
	"captured_at" timestamp with time zone,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"report_id" uuid NOT NULL,
	"from_status" text NOT NULL,
	"to_status" text NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"reason" text,
	"duplicate_of" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"submitted_by" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" text NOT NULL,
	"first_reviewer_id" uuid,
	"duplicate_of" uuid,
	"occurred_from" timestamp with time zone NOT NULL,
	"occurred_to" timestamp with time zone,
	"time_precision" text NOT NULL,
	"country_iso3" text,
	"admin_area" text,
	"lat" double precision,
	"lon" double precision,
	"location_precision_m" integer,
	"location_protected" boolean NOT NULL,
	"location_secret" text,
	"blurred_lat" double precision,
	"blurred_lon" double precision,
	"blur_m" integer,
	"description" text NOT NULL,
	"victims" jsonb NOT NULL,
	"perpetrator_type" text NOT NULL,
	"targeted_group" text,
	"sources" jsonb NOT NULL,
	"reporter_secret" text,
	"published" boolean DEFAULT false NOT NULL,
	"publish_blur_m" integer,
	"received_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"organisation_id" uuid,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"row_hash" text,
	"details" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_reviews" ADD CONSTRAINT "report_reviews_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_reviews" ADD CONSTRAINT "report_reviews_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_reviews" ADD CONSTRAINT "report_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_user" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_user" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "users_org" ON "users" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "attachments_report_position" ON "attachments" USING btree ("report_id","position");--> statement-breakpoint
CREATE INDEX "attachments_sha" ON "attachments" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "report_reviews_report" ON "report_reviews" USING btree ("report_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_org_idempotency" ON "reports" USING btree ("organisation_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "reports_org_status" ON "reports" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "audit_log_entity" ON "audit_log" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_org" ON "audit_log" USING btree ("organisation_id");--> statement-breakpoint
-- Hand-written below this line (drizzle-kit does not model roles, policies or triggers).
-- Organisation isolation in the database: per-organisation use cases run as the restricted role
-- tocsin_app (SET LOCAL ROLE in org-scope.ts) with tocsin.org_id set for the transaction; row-level
-- security limits that role to the organisation's rows. The connecting (owner) role is used only
-- for cross-organisation system work: login lookups, audit verification, key rotation, migrations.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tocsin_app') THEN
    BEGIN
      CREATE ROLE tocsin_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;
  IF NOT pg_has_role(current_user, 'tocsin_app', 'MEMBER') THEN
    EXECUTE format('GRANT tocsin_app TO %I', current_user);
  END IF;
END $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO tocsin_app;
--> statement-breakpoint
GRANT SELECT ON organisations TO tocsin_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON users, sessions, api_tokens, reports, report_reviews, attachments TO tocsin_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON audit_log TO tocsin_app;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE audit_log_seq_seq TO tocsin_app;
--> statement-breakpoint
ALTER TABLE organisations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON organisations USING (id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON users USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON sessions USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON api_tokens USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON reports USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE report_reviews ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON report_reviews USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE attachments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON attachments USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The chain head is global, so the restricted role may read every entry's (non-personal) hashes to
-- link a new one, but may only write entries for its own organisation.
CREATE POLICY audit_read ON audit_log FOR SELECT USING (true);
--> statement-breakpoint
CREATE POLICY audit_append ON audit_log FOR INSERT WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
--> statement-breakpoint
-- Append-only: no role may change or remove an audit entry through SQL.
CREATE FUNCTION tocsin_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION tocsin_audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION tocsin_audit_append_only();
