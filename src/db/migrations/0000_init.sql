CREATE TABLE "categories" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"default_priority" text DEFAULT 'normal' NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "categories_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "routing_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"priority" integer DEFAULT 100 NOT NULL,
	"category_code" text,
	"keywords" text[],
	"target_unit_id" integer,
	"set_category_code" text,
	"set_priority" text,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" serial PRIMARY KEY NOT NULL,
	"parent_id" integer,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"sms_code" text,
	"path" text DEFAULT '' NOT NULL,
	"is_triage" boolean DEFAULT false NOT NULL,
	"valid_from" timestamp with time zone DEFAULT now() NOT NULL,
	"valid_to" timestamp with time zone,
	"superseded_by_id" integer
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" integer,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"data" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_identities" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contact_id" bigint NOT NULL,
	"channel" text NOT NULL,
	"external_id" text NOT NULL,
	"profile" jsonb,
	"last_inbound_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"display_name" text,
	"phone" text,
	"home_unit_id" integer,
	"consent_at" timestamp with time zone,
	"consent_version" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deidentified_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "seed_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "seed_runs_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"unit_id" integer NOT NULL,
	"phone" text,
	"can_reveal" integer DEFAULT 0 NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"session_epoch" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" bigint,
	"report_id" bigint,
	"kind" text NOT NULL,
	"mime" text,
	"size" integer,
	"sha256" text,
	"storage_key" text,
	"source_url" text,
	"status" text DEFAULT 'stored' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"provider" text NOT NULL,
	"provider_event_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"tracking_code" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"report_id" bigint,
	"contact_id" bigint,
	"direction" text NOT NULL,
	"channel" text NOT NULL,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"body_html" text,
	"inbound_event_id" bigint,
	"provider_message_id" text,
	"status" text NOT NULL,
	"urgent" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error_code" text,
	"error_message" text,
	"author_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "report_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"report_id" bigint NOT NULL,
	"type" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_user_id" integer,
	"unit_id" integer,
	"data" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"origin_channel" text NOT NULL,
	"contact_id" bigint NOT NULL,
	"category_id" integer,
	"location_unit_id" integer,
	"assigned_unit_id" integer NOT NULL,
	"route_reason" text NOT NULL,
	"triage" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"description" text NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"received_at" timestamp with time zone NOT NULL,
	"first_response_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"last_activity_at" timestamp with time zone NOT NULL,
	"ack_due_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "units_sms_code_active" ON "units" USING btree ("sms_code") WHERE "units"."valid_to" is null;--> statement-breakpoint
CREATE INDEX "units_parent" ON "units" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "units_path" ON "units" USING btree ("path");--> statement-breakpoint
CREATE INDEX "audit_log_at" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "contact_identities_channel_ext" ON "contact_identities" USING btree ("channel","external_id");--> statement-breakpoint
CREATE INDEX "contact_identities_contact" ON "contact_identities" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "contacts_phone" ON "contacts" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "attachments_report" ON "attachments" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "attachments_message" ON "attachments" USING btree ("message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_events_channel_provider_id" ON "inbound_events" USING btree ("channel","provider_event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_events_tracking_code" ON "inbound_events" USING btree ("tracking_code");--> statement-breakpoint
CREATE INDEX "inbound_events_pending" ON "inbound_events" USING btree ("received_at") WHERE "inbound_events"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "messages_report" ON "messages" USING btree ("report_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_inbound_event" ON "messages" USING btree ("inbound_event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_channel_provider_id" ON "messages" USING btree ("channel","provider_message_id");--> statement-breakpoint
CREATE INDEX "messages_queued" ON "messages" USING btree ("created_at") WHERE "messages"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "report_events_report" ON "report_events" USING btree ("report_id","at");--> statement-breakpoint
CREATE INDEX "report_events_type_at" ON "report_events" USING btree ("type","at");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_code" ON "reports" USING btree ("code");--> statement-breakpoint
CREATE INDEX "reports_assigned_received" ON "reports" USING btree ("assigned_unit_id","received_at");--> statement-breakpoint
CREATE INDEX "reports_contact_channel" ON "reports" USING btree ("contact_id","origin_channel","last_activity_at");--> statement-breakpoint
CREATE INDEX "reports_received" ON "reports" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "reports_status" ON "reports" USING btree ("status");