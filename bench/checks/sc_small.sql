-- Scorecard time over 100 thousand vs 10 million outcome rows (1000
-- workflows x 4 approved metrics x 4 evidence kinds = 16,000 rollup rows
-- both times), every trigger active during the load.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE EXTENSION aivalue;
INSERT INTO ai_value.ai_value_metrics (id, metric_key, metric_name, metric_type, status, formula, data_source,
        baseline_required, quality_gate, anti_gaming_check)
SELECT ('a0000000-0000-0000-0000-00000000000' || i)::uuid, k, k, t::ai_value.metric_type, 'approved', 'f', 'd', true, 'q', 'a'
  FROM (VALUES (1, 'task_completion_rate', 'task_completion'), (2, 'actual_time_saved', 'time_saved'),
               (3, 'output_quality_score', 'quality'), (4, 'customer_satisfaction', 'customer_satisfaction')) v(i, k, t);
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
VALUES ('f0000000-0000-0000-0000-000000000000', 'a0000000-0000-0000-0000-000000000001', 1, 2, 'warm');
-- a few alerts so open_alerts has work to do
INSERT INTO ai_value.gaming_alerts (workflow_id, metric_id, alert_type, severity, evidence_json)
SELECT ('f0000000-0000-0000-0000-' || lpad((g % 1000)::text, 12, '0'))::uuid, NULL, 'token_spike_no_outcome', 'medium',
       jsonb_build_object('window', g) FROM generate_series(1, 2000) g;
CREATE FUNCTION pg_temp.load(n int, off int) RETURNS void LANGUAGE sql AS $$
    INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind)
    SELECT ('f0000000-0000-0000-0000-' || lpad((g % 1000)::text, 12, '0'))::uuid,
           ('a0000000-0000-0000-0000-00000000000' || ((g / 1000) % 4 + 1))::uuid,
           (g % 100)::numeric, (g % 97)::numeric, 'log:' || g, now() - (g % 100000) * interval '1 minute',
           (ARRAY['system_log', 'sampled_review', 'customer_feedback', 'self_report'])[(g / 4000) % 4 + 1]::ai_value.evidence_kind
      FROM generate_series(off + 1, off + n) g;
$$;
SELECT pg_temp.load(99999, 0);
VACUUM ANALYZE ai_value.ai_workflow_outcomes, ai_value.outcome_rollups, ai_value.gaming_alerts;
