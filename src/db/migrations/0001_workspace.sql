CREATE TABLE "canned_replies" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_id" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"created_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_reads" (
	"user_id" integer NOT NULL,
	"report_id" bigint NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_reads_user_id_report_id_pk" PRIMARY KEY("user_id","report_id")
);
--> statement-breakpoint
CREATE INDEX "canned_replies_unit" ON "canned_replies" USING btree ("unit_id");--> statement-breakpoint
-- Search over reports.search_text (folded: no case, no diacritics) uses LIKE '%…%', which a
-- trigram GIN index serves. pg_trgm may be unavailable (embedded PGlite, or a role without
-- CREATE EXTENSION rights): then there is no search index — a btree on the full text would
-- refuse rows over ~2.7 kB — and searches scan the rows already narrowed by the unit scope.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  EXECUTE 'CREATE INDEX IF NOT EXISTS reports_search_trgm ON reports USING gin (search_text gin_trgm_ops)';
EXCEPTION WHEN others THEN
  RAISE NOTICE 'pg_trgm unavailable (%), report search runs without a trigram index', SQLERRM;
END $$;
