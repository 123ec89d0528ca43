CREATE TABLE "job_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"slot" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer NOT NULL,
	"run_after" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"claim_token" uuid,
	"claimed_by" text,
	"last_error" text,
	"result" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "job_runs_name_slot" ON "job_runs" USING btree ("name","slot");
--> statement-breakpoint
CREATE INDEX "job_runs_due" ON "job_runs" USING btree ("status","run_after");
--> statement-breakpoint
CREATE INDEX "job_runs_name_created" ON "job_runs" USING btree ("name","created_at");
