CREATE TABLE "subscriptions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contact_id" bigint NOT NULL,
	"unit_id" integer NOT NULL,
	"channel" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"consent_source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "send_after" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "sending_since" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "subscriptions_contact_unit_channel" ON "subscriptions" USING btree ("contact_id","unit_id","channel");--> statement-breakpoint
CREATE INDEX "subscriptions_unit_active" ON "subscriptions" USING btree ("unit_id","active");