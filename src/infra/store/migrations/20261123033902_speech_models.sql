CREATE TABLE "speech_models" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"model" jsonb NOT NULL,
	"data_sha256" text NOT NULL,
	"labels" text[] NOT NULL,
	"model_sha256" text NOT NULL,
	"created_by" text NOT NULL,
	"organisation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"active" boolean DEFAULT false NOT NULL,
	"activated_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "speech_items" ADD COLUMN "model_id" integer;--> statement-breakpoint
ALTER TABLE "speech_models" ADD CONSTRAINT "speech_models_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "speech_models_model_sha256" ON "speech_models" USING btree ("model_sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "speech_models_one_active" ON "speech_models" USING btree ("active") WHERE "speech_models"."active";--> statement-breakpoint
ALTER TABLE "speech_items" ADD CONSTRAINT "speech_items_model_id_speech_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."speech_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "speech_items_model" ON "speech_items" USING btree ("model_id","id");
-- Hand-written below this line (drizzle-kit does not model grants, policies or triggers).
-- No grants or row-level security: like speech_items and speech_lexicon_entries, speech_models is
-- global (one active model labels every public text) and is reached only through the owner
-- connection by use cases that call authorize() first (speech:manage-model).
