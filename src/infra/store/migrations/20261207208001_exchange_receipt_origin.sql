-- The sending organisation named in an imported bundle, kept with its receipt so the partners page
-- can say from whom a bundle came (the partner instance is partner_id). NULL for bundles imported
-- before this column existed. Hand-written.
ALTER TABLE "exchange_receipts" ADD COLUMN "from_organisation" text;
