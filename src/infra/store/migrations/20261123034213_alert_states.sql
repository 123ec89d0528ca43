CREATE TABLE "alert_states" (
	"country_iso3" text NOT NULL,
	"situation" text DEFAULT '' NOT NULL,
	"rule_level" text,
	"pending_level" text,
	"pending_count" integer DEFAULT 0 NOT NULL,
	"pending_since" timestamp with time zone,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_states_country_iso3_situation_pk" PRIMARY KEY("country_iso3","situation")
);
--> statement-breakpoint
ALTER TABLE "alert_states" ADD CONSTRAINT "alert_states_country_iso3_countries_iso3_fk" FOREIGN KEY ("country_iso3") REFERENCES "public"."countries"("iso3") ON DELETE no action ON UPDATE no action;