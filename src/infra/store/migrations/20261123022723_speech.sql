CREATE TABLE "speech_items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"text" text NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"country_iso3" text NOT NULL,
	"language_given" text,
	"language" text NOT NULL,
	"reach" double precision,
	"label" text,
	"probabilities" jsonb,
	"hallmarks" text[] NOT NULL,
	"targets" text[] NOT NULL,
	"analysis" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "speech_items_reach" CHECK ("speech_items"."reach" is null or "speech_items"."reach" >= 0)
);
--> statement-breakpoint
CREATE TABLE "speech_lexicon_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"term" text NOT NULL,
	"language" text NOT NULL,
	"category" text NOT NULL,
	"weight" double precision NOT NULL,
	"target" text,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "speech_lexicon_entries_weight" CHECK ("speech_lexicon_entries"."weight" > 0 and "speech_lexicon_entries"."weight" <= 1),
	CONSTRAINT "speech_lexicon_entries_group_target" CHECK ("speech_lexicon_entries"."category" <> 'group' or "speech_lexicon_entries"."target" is not null)
);
--> statement-breakpoint
ALTER TABLE "speech_items" ADD CONSTRAINT "speech_items_country_iso3_countries_iso3_fk" FOREIGN KEY ("country_iso3") REFERENCES "public"."countries"("iso3") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "speech_items_client_id" ON "speech_items" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "speech_items_country_time" ON "speech_items" USING btree ("country_iso3","time","id");--> statement-breakpoint
CREATE INDEX "speech_items_time" ON "speech_items" USING btree ("time","id");--> statement-breakpoint
CREATE UNIQUE INDEX "speech_lexicon_entries_key" ON "speech_lexicon_entries" USING btree ("term","language","category","source");