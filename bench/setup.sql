-- bench/setup.sql — benchmark database: the extension, four approved value
-- metrics, the trigger-less twin of ai_workflow_outcomes (same columns,
-- foreign key and indexes) and timing helpers.
SET client_min_messages = warning;
CREATE EXTENSION aivalue;
CREATE SCHEMA bench;

INSERT INTO ai_value.ai_value_metrics (id, metric_key, metric_name, metric_type, status, formula, data_source,
        baseline_required, quality_gate, anti_gaming_check, intended_uses)
SELECT ('a0000000-0000-0000-0000-00000000000' || i)::uuid, k, n, t::ai_value.metric_type, 'approved',
       'completed / started', 'workflow system log', true, 'sampled review >= 95% correct',
       'cross-check against customer outcomes', '{team_improvement}'
  FROM (VALUES (0, 'task_completion_rate', 'Task completion rate', 'task_completion'),
               (1, 'actual_time_saved', 'Actual time saved', 'time_saved'),
               (2, 'output_quality_score', 'Output quality score', 'quality'),
               (3, 'customer_satisfaction', 'Customer satisfaction', 'customer_satisfaction')) v(i, k, n, t);

CREATE TABLE bench.outcomes_twin (LIKE ai_value.ai_workflow_outcomes INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE bench.outcomes_twin ADD PRIMARY KEY (id),
    ADD FOREIGN KEY (metric_id) REFERENCES ai_value.ai_value_metrics (id);
CREATE INDEX ON bench.outcomes_twin (metric_id, workflow_id, measured_at);
CREATE INDEX ON bench.outcomes_twin (workflow_id, measured_at);

CREATE TABLE bench.diag_twin (LIKE ai_value.token_cost_diagnostics INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE bench.diag_twin ADD PRIMARY KEY (id);
CREATE INDEX ON bench.diag_twin (workflow_id, period_start);

CREATE FUNCTION bench.wf(i int) RETURNS uuid LANGUAGE sql IMMUTABLE
    AS $$ SELECT ('b0000000-0000-0000-0000-' || lpad(i::text, 12, '0'))::uuid $$;

-- n outcome rows over 1000 workflows x 4 metrics, 90 days, plausible values.
CREATE FUNCTION bench.outcome_rows(n int) RETURNS TABLE (workflow_id uuid, metric_id uuid,
        baseline_value numeric, observed_value numeric, evidence_ref text, measured_at timestamptz,
        evidence_kind ai_value.evidence_kind)
    LANGUAGE sql AS $$
    SELECT bench.wf(g % 1000), ('a0000000-0000-0000-0000-00000000000' || (g / 1000) % 4)::uuid,
           100, 100 + (g % 23), 'log-' || g, now() - interval '90 days' + (g % 7776000) * interval '1 second',
           CASE WHEN g % 10 = 0 THEN 'self_report' ELSE 'system_log' END::ai_value.evidence_kind
      FROM generate_series(1, n) g $$;

-- Wall time of one statement, in milliseconds.
CREATE FUNCTION bench.ms(sql text) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
    EXECUTE sql;
    RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
END $$;

-- Empty a table of the extension between trials (the guards refuse TRUNCATE;
-- the benchmark superuser lifts them for the moment).
CREATE FUNCTION bench.reset_ext() RETURNS void LANGUAGE plpgsql AS $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['ai_workflow_outcomes', 'audit_log', 'gaming_alerts', 'outcome_rollups', 'token_cost_diagnostics'] LOOP
        IF to_regclass('ai_value.' || t) IS NOT NULL THEN
            EXECUTE format('ALTER TABLE ai_value.%I DISABLE TRIGGER av_00_no_truncate', t);
            EXECUTE format('TRUNCATE ai_value.%I', t);
            EXECUTE format('ALTER TABLE ai_value.%I ENABLE ALWAYS TRIGGER av_00_no_truncate', t);
        END IF;
    END LOOP;
END $$;

-- Switch the user triggers of an extension table off, or back on as ALWAYS.
CREATE FUNCTION bench.triggers(tbl regclass, on_ boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE t name;
BEGIN
    IF NOT on_ THEN
        EXECUTE format('ALTER TABLE %s DISABLE TRIGGER USER', tbl);
        RETURN;
    END IF;
    FOR t IN SELECT tgname FROM pg_trigger WHERE tgrelid = tbl AND NOT tgisinternal LOOP
        EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER %I', tbl, t);
    END LOOP;
END $$;
