CREATE TABLE "backtest_forecasts" (
	"backtest_id" integer NOT NULL,
	"country_iso3" text NOT NULL,
	"data_year" integer NOT NULL,
	"risk" double precision NOT NULL,
	"rank" integer NOT NULL,
	CONSTRAINT "backtest_forecasts_backtest_id_country_iso3_data_year_pk" PRIMARY KEY("backtest_id","country_iso3","data_year")
);
--> statement-breakpoint
ALTER TABLE "backtest_forecasts" ADD CONSTRAINT "backtest_forecasts_backtest_id_model_backtests_id_fk" FOREIGN KEY ("backtest_id") REFERENCES "public"."model_backtests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backtest_forecasts" ADD CONSTRAINT "backtest_forecasts_country_iso3_countries_iso3_fk" FOREIGN KEY ("country_iso3") REFERENCES "public"."countries"("iso3") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "backtest_forecasts_country" ON "backtest_forecasts" USING btree ("country_iso3");