CREATE INDEX "events_country_source_date_end" ON "events" USING btree ("country_iso3","source","date_end");
