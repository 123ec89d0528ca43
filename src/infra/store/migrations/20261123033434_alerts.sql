CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"country_iso3" text NOT NULL,
	"situation" text DEFAULT '' NOT NULL,
	"level" text NOT NULL,
	"previous_level" text NOT NULL,
	"computed_level" text NOT NULL,
	"explanation" text NOT NULL,
	"signals" jsonb NOT NULL,
	"override" jsonb,
	"current" boolean NOT NULL,
	"reassess_on" date,
	"basis" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_country_iso3_countries_iso3_fk" FOREIGN KEY ("country_iso3") REFERENCES "public"."countries"("iso3") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_subject" ON "alerts" USING btree ("country_iso3","situation","created_at");--> statement-breakpoint
CREATE INDEX "alerts_current" ON "alerts" USING btree ("current","level");--> statement-breakpoint
-- Hand-written below this line (drizzle-kit does not model partial indexes or grants).
-- At most one current level per subject, enforced by the database.
CREATE UNIQUE INDEX "alerts_one_current" ON "alerts" ("country_iso3","situation") WHERE "current";--> statement-breakpoint
-- Levels are public; organisation-scoped work (acknowledgements, actions) reads them.
GRANT SELECT ON "alerts" TO tocsin_app;
