CREATE TABLE "forecast_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"model_id" text NOT NULL,
	"model_description" text NOT NULL,
	"base_year" integer NOT NULL,
	"data_version_id" integer NOT NULL,
	"params" jsonb NOT NULL,
	"baseline_definition" text NOT NULL,
	"intervals" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forecasts" (
	"run_id" integer NOT NULL,
	"country_iso3" text NOT NULL,
	"horizon" text NOT NULL,
	"target_from" integer NOT NULL,
	"target_to" integer NOT NULL,
	"risk" double precision NOT NULL,
	"rank" integer NOT NULL,
	"interval_low" double precision NOT NULL,
	"interval_high" double precision NOT NULL,
	"score" double precision NOT NULL,
	"baseline" double precision NOT NULL,
	"contributions" jsonb NOT NULL,
	"inputs" jsonb NOT NULL,
	CONSTRAINT "forecasts_run_id_country_iso3_horizon_pk" PRIMARY KEY("run_id","country_iso3","horizon")
);
--> statement-breakpoint
CREATE TABLE "model_backtests" (
	"id" serial PRIMARY KEY NOT NULL,
	"model_id" text NOT NULL,
	"data_version_id" integer NOT NULL,
	"scores" jsonb NOT NULL,
	"wall_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "forecast_runs" ADD CONSTRAINT "forecast_runs_data_version_id_dataset_versions_id_fk" FOREIGN KEY ("data_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecasts" ADD CONSTRAINT "forecasts_run_id_forecast_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."forecast_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecasts" ADD CONSTRAINT "forecasts_country_iso3_countries_iso3_fk" FOREIGN KEY ("country_iso3") REFERENCES "public"."countries"("iso3") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_backtests" ADD CONSTRAINT "model_backtests_data_version_id_dataset_versions_id_fk" FOREIGN KEY ("data_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "forecast_runs_model_year" ON "forecast_runs" USING btree ("model_id","base_year");--> statement-breakpoint
CREATE INDEX "forecasts_country" ON "forecasts" USING btree ("country_iso3");--> statement-breakpoint
CREATE INDEX "model_backtests_model" ON "model_backtests" USING btree ("model_id");