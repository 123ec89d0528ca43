CREATE TABLE "dataset_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"dataset" text NOT NULL,
	"source" text NOT NULL,
	"source_commit" text,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"row_counts" jsonb NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "store_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "countries" (
	"iso3" text PRIMARY KEY NOT NULL,
	"iso2" text,
	"iso_numeric" text,
	"name" text NOT NULL,
	"cow" integer,
	"gw" integer,
	"ewp_name" text,
	"ged_name" text,
	"region" text,
	"valid_from" integer,
	"valid_to" integer,
	"historical" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ewp_country_years" (
	"country_iso3" text NOT NULL,
	"year" integer NOT NULL,
	"ewp_name" text NOT NULL,
	"ccode" integer NOT NULL,
	"mk_onset" integer,
	"values" jsonb NOT NULL,
	"dataset_version_id" integer NOT NULL,
	CONSTRAINT "ewp_country_years_country_iso3_year_pk" PRIMARY KEY("country_iso3","year")
);
--> statement-breakpoint
CREATE TABLE "mass_killing_episodes" (
	"code" text PRIMARY KEY NOT NULL,
	"country_iso3" text NOT NULL,
	"country_name" text NOT NULL,
	"name" text NOT NULL,
	"summary" text,
	"start_year" integer NOT NULL,
	"end_year" integer,
	"state_led" boolean,
	"ethnic_groups" real,
	"location_cow" integer,
	"responsible_state_cow" integer,
	"notes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dataset_version_id" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ewp_country_years" ADD CONSTRAINT "ewp_country_years_country_iso3_countries_iso3_fk" FOREIGN KEY ("country_iso3") REFERENCES "public"."countries"("iso3") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ewp_country_years" ADD CONSTRAINT "ewp_country_years_dataset_version_id_dataset_versions_id_fk" FOREIGN KEY ("dataset_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mass_killing_episodes" ADD CONSTRAINT "mass_killing_episodes_country_iso3_countries_iso3_fk" FOREIGN KEY ("country_iso3") REFERENCES "public"."countries"("iso3") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mass_killing_episodes" ADD CONSTRAINT "mass_killing_episodes_dataset_version_id_dataset_versions_id_fk" FOREIGN KEY ("dataset_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dataset_versions_dataset_sha" ON "dataset_versions" USING btree ("dataset","sha256");--> statement-breakpoint
CREATE INDEX "dataset_versions_dataset" ON "dataset_versions" USING btree ("dataset");--> statement-breakpoint
CREATE INDEX "countries_cow" ON "countries" USING btree ("cow");--> statement-breakpoint
CREATE INDEX "countries_iso_numeric" ON "countries" USING btree ("iso_numeric");--> statement-breakpoint
CREATE INDEX "ewp_country_years_year" ON "ewp_country_years" USING btree ("year");--> statement-breakpoint
CREATE INDEX "mass_killing_episodes_country" ON "mass_killing_episodes" USING btree ("country_iso3");