CREATE TABLE "calendar_days" (
	"date" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_extensions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"report_id" bigint NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"previous_due_at" timestamp with time zone,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by_user_id" integer NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by_user_id" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text
);
--> statement-breakpoint
CREATE TABLE "report_sla" (
	"report_id" bigint PRIMARY KEY NOT NULL,
	"policy_id" integer,
	"started_at" timestamp with time zone NOT NULL,
	"policy_due_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"warn_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"warned_version" integer DEFAULT 0 NOT NULL,
	"breached_version" integer DEFAULT 0 NOT NULL,
	"armed" boolean DEFAULT true NOT NULL,
	"stuck_flagged_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_unit_time" (
	"report_id" bigint NOT NULL,
	"unit_id" integer NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"wall_ms" bigint NOT NULL,
	"work_ms" bigint NOT NULL,
	CONSTRAINT "report_unit_time_report_id_unit_id_pk" PRIMARY KEY("report_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"id" serial PRIMARY KEY NOT NULL,
	"category_id" integer,
	"priority" text NOT NULL,
	"ack_within_ms" bigint NOT NULL,
	"resolve_within_ms" bigint NOT NULL,
	"warn_share" double precision DEFAULT 0.75 NOT NULL,
	"on_transfer" text DEFAULT 'restart' NOT NULL,
	"updated_by_user_id" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "first_response_ms" bigint;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "first_response_work_ms" bigint;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "resolution_ms" bigint;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "resolution_work_ms" bigint;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "on_time_status" text;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "rating" integer;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "rated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "metrics_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "report_extensions_report" ON "report_extensions" USING btree ("report_id");--> statement-breakpoint
CREATE UNIQUE INDEX "report_extensions_one_pending" ON "report_extensions" USING btree ("report_id") WHERE "report_extensions"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "report_sla_armed_warn" ON "report_sla" USING btree ("warn_at") WHERE "report_sla"."armed";--> statement-breakpoint
CREATE INDEX "report_sla_armed_due" ON "report_sla" USING btree ("due_at") WHERE "report_sla"."armed";--> statement-breakpoint
CREATE INDEX "report_unit_time_unit_received" ON "report_unit_time" USING btree ("unit_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_key" ON "sla_policies" USING btree (coalesce("category_id", 0),"priority");--> statement-breakpoint
CREATE INDEX "reports_open_assigned" ON "reports" USING btree ("assigned_unit_id","received_at") WHERE "reports"."status" in ('received', 'in_progress');--> statement-breakpoint
CREATE INDEX "reports_open_due" ON "reports" USING btree ("due_at") WHERE "reports"."status" in ('received', 'in_progress');--> statement-breakpoint
CREATE INDEX "reports_metrics_pending" ON "reports" USING btree ("id") WHERE (("reports"."first_response_at" is not null and "reports"."first_response_ms" is null) or ("reports"."answered_at" is not null and "reports"."resolution_ms" is null))
    and ("reports"."metrics_at" is null or "reports"."metrics_at" < greatest("reports"."first_response_at", "reports"."answered_at"));