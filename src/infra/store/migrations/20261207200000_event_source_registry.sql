-- The event sources are listed once, in the event-source registry (src/infra/importers/event-sources.ts);
-- the store keeps only the id's shape, so adding a source needs no migration.
ALTER TABLE "events" DROP CONSTRAINT "events_source";--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_source_id" CHECK ("events"."source" ~ '^[a-z][a-z0-9-]{0,9}$');
--> statement-breakpoint
-- The API's event order (date, source, id): keyset pages and streamed exports read it from the index, not by sorting every row per page.
CREATE INDEX "events_date_order" ON "events" USING btree ("date_start","source","source_id");
