CREATE TABLE "admin_alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"severity" text NOT NULL,
	"message_vi" text NOT NULL,
	"message_en" text NOT NULL,
	"data" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "channel_credentials" (
	"provider" text PRIMARY KEY NOT NULL,
	"access_token" text,
	"refresh_token" text,
	"access_expires_at" timestamp with time zone,
	"refresh_expires_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"last_error_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "channel_sent_parts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"message_id" bigint NOT NULL,
	"part" integer NOT NULL,
	"provider_message_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "admin_alerts_kind_open" ON "admin_alerts" USING btree ("kind","resolved_at");--> statement-breakpoint
CREATE INDEX "admin_alerts_created" ON "admin_alerts" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "channel_sent_parts_message_part" ON "channel_sent_parts" USING btree ("channel","message_id","part");--> statement-breakpoint
CREATE UNIQUE INDEX "channel_sent_parts_provider_id" ON "channel_sent_parts" USING btree ("channel","provider_message_id");