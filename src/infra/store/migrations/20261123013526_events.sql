CREATE TABLE "event_imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"layout" text,
	"status" text NOT NULL,
	"records_done" integer DEFAULT 0 NOT NULL,
	"inserted" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"rejections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"dataset_version_id" integer,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"source" text NOT NULL,
	"source_id" text NOT NULL,
	"date_start" date NOT NULL,
	"date_end" date NOT NULL,
	"date_precision" smallint NOT NULL,
	"country_iso3" text,
	"country_name" text NOT NULL,
	"gw_code" integer,
	"admin1" text,
	"admin2" text,
	"lat" double precision,
	"lon" double precision,
	"location_precision" smallint,
	"violence_type" text NOT NULL,
	"civilian_targeting" boolean NOT NULL,
	"identity_targeting" boolean NOT NULL,
	"actor1" text,
	"actor2" text,
	"fatalities_best" integer,
	"fatalities_low" integer,
	"fatalities_high" integer,
	"civilian_deaths" integer,
	"source_text" text,
	"event_type" text,
	"dataset_version_id" integer NOT NULL,
	CONSTRAINT "events_source_source_id_pk" PRIMARY KEY("source","source_id"),
	CONSTRAINT "events_violence_type" CHECK ("events"."violence_type" in ('state-based', 'non-state', 'one-sided', 'other')),
	CONSTRAINT "events_source" CHECK ("events"."source" in ('ged', 'acled', 'gdelt')),
	CONSTRAINT "events_dates" CHECK ("events"."date_end" >= "events"."date_start")
);
--> statement-breakpoint
ALTER TABLE "event_imports" ADD CONSTRAINT "event_imports_dataset_version_id_dataset_versions_id_fk" FOREIGN KEY ("dataset_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_country_iso3_countries_iso3_fk" FOREIGN KEY ("country_iso3") REFERENCES "public"."countries"("iso3") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_dataset_version_id_dataset_versions_id_fk" FOREIGN KEY ("dataset_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "event_imports_source_sha" ON "event_imports" USING btree ("source","sha256");--> statement-breakpoint
CREATE INDEX "events_country_date" ON "events" USING btree ("country_iso3","date_start");--> statement-breakpoint
CREATE INDEX "events_country_admin1_date" ON "events" USING btree ("country_iso3","admin1","date_start");