-- Per-row cost of the outcome check, fresh (empty) tables every round:
-- 1,000,000-row INSERT ... SELECT into (a) a trigger-less twin with the same
-- columns, CHECKs, FK and indexes, (b) ai_workflow_outcomes with every
-- trigger of the extension, (c) ai_workflow_outcomes with only the guard
-- av_20_check (rollup and audit triggers disabled). Rounds rotate the order.
SET client_min_messages = warning;
CREATE EXTENSION aivalue;
INSERT INTO ai_value.ai_value_metrics (id, metric_key, metric_name, metric_type, status, formula, data_source,
        baseline_required, quality_gate, anti_gaming_check)
SELECT ('a0000000-0000-0000-0000-00000000000' || i)::uuid, k, k, t::ai_value.metric_type, 'approved', 'f', 'd', true, 'q', 'a'
  FROM (VALUES (1, 'task_completion_rate', 'task_completion'), (2, 'actual_time_saved', 'time_saved'),
               (3, 'output_quality_score', 'quality'), (4, 'customer_satisfaction', 'customer_satisfaction')) v(i, k, t);
CREATE TABLE public.twin (LIKE ai_value.ai_workflow_outcomes INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
ALTER TABLE public.twin ADD FOREIGN KEY (metric_id) REFERENCES ai_value.ai_value_metrics (id);
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
VALUES (gen_random_uuid(), 'a0000000-0000-0000-0000-000000000001', 1, 2, 'warm');
\! flock -u 9 2>/dev/null || true
ALTER TABLE ai_value.ai_workflow_outcomes DISABLE TRIGGER av_00_no_truncate;
ALTER TABLE ai_value.outcome_rollups DISABLE TRIGGER av_00_no_truncate;
CREATE UNLOGGED TABLE src AS
SELECT gen_random_uuid() AS id,
       ('f0000000-0000-0000-0000-' || lpad((g % 1000)::text, 12, '0'))::uuid AS workflow_id,
       ('a0000000-0000-0000-0000-00000000000' || (g % 4 + 1))::uuid AS metric_id,
       (g % 100)::numeric AS baseline_value, (g % 97)::numeric AS observed_value,
       'log:' || g AS evidence_ref, now() - (g % 100000) * interval '1 minute' AS measured_at,
       (ARRAY['system_log', 'sampled_review', 'customer_feedback', 'self_report'])[g % 4 + 1]::ai_value.evidence_kind AS evidence_kind
  FROM generate_series(1, 1000000) g;
VACUUM ANALYZE src;
\echo == EXPLAIN ANALYZE, every trigger active (trigger times are per trigger, summed over its calls)
EXPLAIN (ANALYZE, COSTS OFF) INSERT INTO ai_value.ai_workflow_outcomes SELECT * FROM src;
TRUNCATE ai_value.ai_workflow_outcomes, ai_value.outcome_rollups;
CHECKPOINT;
EXPLAIN (ANALYZE, COSTS OFF) INSERT INTO ai_value.ai_workflow_outcomes SELECT * FROM src;
TRUNCATE public.twin;
CHECKPOINT;
\echo == twin
EXPLAIN (ANALYZE, COSTS OFF) INSERT INTO public.twin SELECT * FROM src;
