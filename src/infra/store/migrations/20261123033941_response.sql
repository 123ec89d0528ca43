CREATE TABLE "alert_acknowledgements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"alert_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"acknowledged_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_reassessments" (
	"organisation_id" uuid NOT NULL,
	"alert_id" uuid NOT NULL,
	"reassess_on" date NOT NULL,
	"set_by" uuid NOT NULL,
	"set_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_reassessments_organisation_id_alert_id_pk" PRIMARY KEY("organisation_id","alert_id")
);
--> statement-breakpoint
CREATE TABLE "response_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"alert_id" uuid NOT NULL,
	"option_id" text,
	"description" text NOT NULL,
	"owner_id" uuid,
	"deadline" date,
	"status" text NOT NULL,
	"outcome" text,
	"links" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "response_hidden_options" (
	"organisation_id" uuid NOT NULL,
	"option_id" text NOT NULL,
	"hidden_by" uuid NOT NULL,
	"hidden_at" timestamp with time zone NOT NULL,
	CONSTRAINT "response_hidden_options_organisation_id_option_id_pk" PRIMARY KEY("organisation_id","option_id")
);
--> statement-breakpoint
CREATE TABLE "response_options" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"instrument" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"levels" jsonb NOT NULL,
	"answers" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "alert_acknowledgements" ADD CONSTRAINT "alert_acknowledgements_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_acknowledgements" ADD CONSTRAINT "alert_acknowledgements_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_acknowledgements" ADD CONSTRAINT "alert_acknowledgements_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_reassessments" ADD CONSTRAINT "alert_reassessments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_reassessments" ADD CONSTRAINT "alert_reassessments_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_reassessments" ADD CONSTRAINT "alert_reassessments_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_actions" ADD CONSTRAINT "response_actions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_actions" ADD CONSTRAINT "response_actions_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_actions" ADD CONSTRAINT "response_actions_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_actions" ADD CONSTRAINT "response_actions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_hidden_options" ADD CONSTRAINT "response_hidden_options_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_hidden_options" ADD CONSTRAINT "response_hidden_options_hidden_by_users_id_fk" FOREIGN KEY ("hidden_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_options" ADD CONSTRAINT "response_options_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_options" ADD CONSTRAINT "response_options_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_acknowledgements_org_alert_user" ON "alert_acknowledgements" USING btree ("organisation_id","alert_id","user_id");--> statement-breakpoint
CREATE INDEX "response_actions_org_alert" ON "response_actions" USING btree ("organisation_id","alert_id");--> statement-breakpoint
CREATE INDEX "response_options_org" ON "response_options" USING btree ("organisation_id");--> statement-breakpoint
-- Hand-written below this line (drizzle-kit does not model grants or policies).
-- What an organisation does about an alert is its own business: every table is organisation-scoped
-- like reports, so the restricted role tocsin_app sees and writes only the rows of the organisation
-- named by tocsin.org_id (see org-scope.ts). Acknowledgements are never changed or removed.
GRANT SELECT, INSERT ON alert_acknowledgements TO tocsin_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON response_options, alert_reassessments TO tocsin_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON response_actions TO tocsin_app;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON response_hidden_options TO tocsin_app;
--> statement-breakpoint
ALTER TABLE response_options ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON response_options USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE response_hidden_options ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON response_hidden_options USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE alert_acknowledgements ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON alert_acknowledgements USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE response_actions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON response_actions USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE alert_reassessments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON alert_reassessments USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
