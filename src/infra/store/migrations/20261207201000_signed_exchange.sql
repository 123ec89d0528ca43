CREATE TABLE "audit_checkpoints" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"head_hash" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"key_fingerprint" text NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_instances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"public_key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"confirmed_at" timestamp with time zone NOT NULL,
	"confirmed_by" text NOT NULL,
	CONSTRAINT "partner_instances_name_unique" UNIQUE("name"),
	CONSTRAINT "partner_instances_fingerprint_unique" UNIQUE("fingerprint")
);
--> statement-breakpoint
CREATE TABLE "exchange_receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"bundle_id" uuid NOT NULL,
	"nonce" text NOT NULL,
	"partner_id" uuid NOT NULL,
	"imported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"receipt_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"source_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"imported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exchange_receipts" ADD CONSTRAINT "exchange_receipts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "exchange_items" ADD CONSTRAINT "exchange_items_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "exchange_items" ADD CONSTRAINT "exchange_items_receipt_id_exchange_receipts_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."exchange_receipts"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_receipts_bundle" ON "exchange_receipts" USING btree ("bundle_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_receipts_nonce" ON "exchange_receipts" USING btree ("nonce");
--> statement-breakpoint
CREATE INDEX "exchange_items_org" ON "exchange_items" USING btree ("organisation_id");
--> statement-breakpoint
-- Hand-written below this line. Checkpoints and the partner registry are instance-level (written by
-- the operator's CLI as the owner role); the restricted role may only read the partner registry.
GRANT SELECT ON partner_instances TO tocsin_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON exchange_receipts, exchange_items TO tocsin_app;
--> statement-breakpoint
ALTER TABLE exchange_receipts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON exchange_receipts USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE exchange_items ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON exchange_items USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
--> statement-breakpoint
-- Checkpoints are append-only like the chain they anchor.
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION tocsin_audit_append_only();
--> statement-breakpoint
CREATE TABLE "report_published_areas" (
	"report_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"south" double precision NOT NULL,
	"north" double precision NOT NULL,
	"west" double precision NOT NULL,
	"east" double precision NOT NULL,
	"size_meters" integer NOT NULL,
	"first_published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_published_areas" ADD CONSTRAINT "report_published_areas_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
GRANT SELECT, INSERT ON report_published_areas TO tocsin_app;
--> statement-breakpoint
ALTER TABLE report_published_areas ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_isolation ON report_published_areas USING (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid) WITH CHECK (organisation_id = nullif(current_setting('tocsin.org_id', true), '')::uuid);
