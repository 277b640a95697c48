CREATE TABLE "notice_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"notice_id" bigint NOT NULL,
	"contact_id" bigint NOT NULL,
	"channel" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"skip_reason" text,
	"message_id" bigint,
	"provider_message_id" text,
	"error_code" text,
	"attempt" integer DEFAULT 0 NOT NULL,
	"sending_since" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_opt_outs" (
	"contact_id" bigint PRIMARY KEY NOT NULL,
	"opted_out_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_unsubscribe_tokens" (
	"contact_id" bigint PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notice_unsubscribe_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"text" text NOT NULL,
	"unit_ids" integer[] NOT NULL,
	"topic" text,
	"channels" text[] NOT NULL,
	"emergency" boolean DEFAULT false NOT NULL,
	"sender_name" text NOT NULL,
	"scheduled_at" timestamp with time zone,
	"status" text NOT NULL,
	"created_by_user_id" integer NOT NULL,
	"approved_by_user_id" integer,
	"approved_at" timestamp with time zone,
	"cancelled_by_user_id" integer,
	"cancelled_at" timestamp with time zone,
	"estimated_recipients" integer DEFAULT 0 NOT NULL,
	"counts" jsonb,
	"fanout_cursor" bigint DEFAULT 0 NOT NULL,
	"fanout_done" boolean DEFAULT false NOT NULL,
	"fanout_round" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "notice_deliveries_notice_contact" ON "notice_deliveries" USING btree ("notice_id","contact_id");--> statement-breakpoint
CREATE INDEX "notice_deliveries_notice_status" ON "notice_deliveries" USING btree ("notice_id","status");--> statement-breakpoint
CREATE INDEX "notice_deliveries_message" ON "notice_deliveries" USING btree ("message_id") WHERE "notice_deliveries"."message_id" is not null;--> statement-breakpoint
CREATE INDEX "notice_deliveries_provider_id" ON "notice_deliveries" USING btree ("provider_message_id") WHERE "notice_deliveries"."provider_message_id" is not null;--> statement-breakpoint
CREATE INDEX "notices_created" ON "notices" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "notices_units" ON "notices" USING gin ("unit_ids");--> statement-breakpoint
CREATE INDEX "notices_active" ON "notices" USING btree ("status") WHERE "notices"."status" in ('scheduled', 'sending');