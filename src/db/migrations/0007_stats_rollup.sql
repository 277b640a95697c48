CREATE TABLE "report_week_stats" (
	"week" date NOT NULL,
	"unit_id" integer NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"responded" integer DEFAULT 0 NOT NULL,
	"still_open" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"late_extended" integer DEFAULT 0 NOT NULL,
	"late" integer DEFAULT 0 NOT NULL,
	"rated" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"ratings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"by_channel" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"by_category" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"by_commune" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"fr_wall" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"fr_work" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"res_wall" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"res_work" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"charged_reports" integer DEFAULT 0 NOT NULL,
	"charged_wall_ms" bigint DEFAULT 0 NOT NULL,
	"charged_work_ms" bigint DEFAULT 0 NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_week_stats_week_unit_id_pk" PRIMARY KEY("week","unit_id")
);
--> statement-breakpoint
CREATE TABLE "stats_dirty" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"week" date NOT NULL,
	"unit_id" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "stats_dirty_week_unit" ON "stats_dirty" USING btree ("week","unit_id");--> statement-breakpoint
CREATE INDEX "report_unit_time_received" ON "report_unit_time" USING btree ("received_at");--> statement-breakpoint
-- The Monday (Vietnam time, UTC+7 all year) of the week an instant falls in, and that Monday's start as an instant.
CREATE FUNCTION stats_week(ts timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (date_trunc('week', (ts AT TIME ZONE 'UTC') + interval '7 hours'))::date $$;
--> statement-breakpoint
CREATE FUNCTION stats_week_start(week date) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (week::timestamp - interval '7 hours') AT TIME ZONE 'UTC' $$;
--> statement-breakpoint
CREATE FUNCTION stats_mark_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO stats_dirty (week, unit_id) VALUES (stats_week(OLD.received_at), OLD.assigned_unit_id);
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (NEW.assigned_unit_id IS DISTINCT FROM OLD.assigned_unit_id
      OR stats_week(NEW.received_at) IS DISTINCT FROM stats_week(OLD.received_at))) THEN
    INSERT INTO stats_dirty (week, unit_id) VALUES (stats_week(NEW.received_at), NEW.assigned_unit_id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION stats_mark_unit_time() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO stats_dirty (week, unit_id) VALUES (stats_week(OLD.received_at), OLD.unit_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO stats_dirty (week, unit_id) VALUES (stats_week(NEW.received_at), NEW.unit_id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER reports_stats_insert_delete AFTER INSERT OR DELETE ON reports FOR EACH ROW EXECUTE FUNCTION stats_mark_report();
--> statement-breakpoint
-- Only the columns a rollup counts: other updates (last activity, flags, text) mark nothing.
CREATE TRIGGER reports_stats_update AFTER UPDATE ON reports FOR EACH ROW WHEN (
  OLD.assigned_unit_id IS DISTINCT FROM NEW.assigned_unit_id OR OLD.received_at IS DISTINCT FROM NEW.received_at
  OR OLD.status IS DISTINCT FROM NEW.status OR OLD.origin_channel IS DISTINCT FROM NEW.origin_channel
  OR OLD.category_id IS DISTINCT FROM NEW.category_id OR OLD.location_unit_id IS DISTINCT FROM NEW.location_unit_id
  OR OLD.first_response_ms IS DISTINCT FROM NEW.first_response_ms OR OLD.first_response_work_ms IS DISTINCT FROM NEW.first_response_work_ms
  OR OLD.resolution_ms IS DISTINCT FROM NEW.resolution_ms OR OLD.resolution_work_ms IS DISTINCT FROM NEW.resolution_work_ms
  OR OLD.on_time_status IS DISTINCT FROM NEW.on_time_status OR OLD.rating IS DISTINCT FROM NEW.rating
) EXECUTE FUNCTION stats_mark_report();
--> statement-breakpoint
CREATE TRIGGER report_unit_time_stats AFTER INSERT OR UPDATE OR DELETE ON report_unit_time FOR EACH ROW EXECUTE FUNCTION stats_mark_unit_time();
--> statement-breakpoint
-- Existing data: every (week, unit) starts marked, so nothing is read from a rollup before the refresher built it.
INSERT INTO stats_dirty (week, unit_id)
  SELECT DISTINCT stats_week(received_at), assigned_unit_id FROM reports
  UNION SELECT DISTINCT stats_week(received_at), unit_id FROM report_unit_time;
