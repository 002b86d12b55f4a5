-- readiness: health_check() and rollout_status() answer from the data (SPEC §13),
-- including a metric forced into "approved" behind the gate's back.
\set VERBOSITY terse
\i test/fixtures/setup.sql
-- An empty install: nothing is wrong yet, nothing is rolled out yet.
SELECT * FROM ai_value.health_check();
SELECT milestone, done FROM ai_value.rollout_status();
-- only governance may ask
SET ROLE av_perf;
SELECT av_try('SELECT * FROM ai_value.health_check()') AS perf_admin;
SET ROLE av_owner;
SELECT av_try('SELECT * FROM ai_value.rollout_status()') AS team_owner;
RESET ROLE;

-- D1 and D7: the four value metrics proposed by a team owner, approved by
-- governance, three workflows measured against baselines.
SET ROLE av_owner;
SELECT ai_value.post_metric(jsonb_build_object('metric_key', a.metric_key, 'metric_name', a.metric_name,
           'metric_type', a.metric_type, 'formula', a.formula, 'data_source', a.data_source,
           'quality_gate', a.quality_gate, 'anti_gaming_check', a.anti_gaming_check,
           'intended_uses', '["team_improvement"]'::jsonb)) ->> 'status' AS proposed
  FROM ai_value.recommended_alternatives() a;
SELECT ai_value.post_metric('{"metric_key": "token_count_per_employee", "metric_name": "Token count per employee",
       "metric_type": "task_completion", "formula": "sum(tokens) per employee", "data_source": "gateway",
       "intended_uses": ["ranking"]}') ->> 'status' AS tokenmaxxing;
SET ROLE av_gov;
SELECT metric_key, ai_value.approve_metric(metric_key, 'complete value metric') ->> 'status' AS status
  FROM ai_value.recommended_alternatives();
SET ROLE av_writer;
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at)
SELECT ('f0000000-0000-0000-0000-00000000000' || w)::uuid, r.metric_id, 10, 12, 'log:' || w, now() - interval '1 day'
  FROM generate_series(1, 2) w, ai_value.metric_registry r WHERE r.metric_key = 'task_completion_rate';
RESET ROLE;
SELECT milestone, done, detail FROM ai_value.rollout_status() WHERE milestone IN ('D1', 'D7');
SET ROLE av_writer;
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at)
SELECT 'f0000000-0000-0000-0000-000000000003', r.metric_id, 10, 12, 'log:3', now() - interval '1 day'
  FROM ai_value.metric_registry r WHERE r.metric_key = 'task_completion_rate';
RESET ROLE;
SELECT milestone, done, detail FROM ai_value.rollout_status() WHERE milestone = 'D7';
SELECT check_name, ok FROM ai_value.health_check();

-- D30: a BI login role reads the scorecard; every exception carries expiry and audit.
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'av_bi_login') THEN
        CREATE ROLE av_bi_login LOGIN;
    END IF;
END $$;
GRANT ai_value_performance_admin TO av_bi_login;
SELECT milestone, done, detail FROM ai_value.rollout_status() WHERE milestone = 'D30';
REVOKE ai_value_performance_admin FROM av_bi_login;

-- Behind the gate's back: a superuser switches the gate off and forces an
-- activity metric into "approved" for ranking, and an incomplete value metric.
ALTER TABLE ai_value.ai_value_metrics DISABLE TRIGGER av_20_gate;
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, status, formula, data_source,
        baseline_required, quality_gate, anti_gaming_check, intended_uses)
VALUES ('prompts_per_engineer', 'Prompts per engineer', 'quality', 'approved', 'count(prompts) per engineer', 'chat logs',
        true, 'none', 'none', '{ranking}'),
       ('review_turnaround', 'Review turnaround', 'time_saved', 'approved', 'median hours to review', 'git host',
        false, 'tbd', 'sampled audit', '{team_improvement}');
ALTER TABLE ai_value.ai_value_metrics ENABLE ALWAYS TRIGGER av_20_gate;
SELECT * FROM ai_value.health_check();
-- the gate still refuses the same thing through the front door
SET ROLE av_gov;
SELECT av_try($$SELECT ai_value.approve_metric('token_count_per_employee', 'please')$$) AS approve_tokenmaxxing;
RESET ROLE;

-- An alert citing rows that do not exist is not connected to outcomes.
INSERT INTO ai_value.gaming_alerts (workflow_id, alert_type, severity, evidence_json)
VALUES ('f0000000-0000-0000-0000-000000000001', 'quality_drop', 'low',
        '{"rule": "hand-made", "window": "x", "outcome_ids": ["0dead000-0000-0000-0000-000000000000"]}');
SELECT check_name, ok, detail FROM ai_value.health_check() WHERE check_name = 'alerts_connected_to_outcomes';

-- D14 follows the detectors: switched off, gaming detection is not active.
ALTER TABLE ai_value.token_cost_diagnostics DISABLE TRIGGER av_80_detect;
SELECT milestone, done, detail FROM ai_value.rollout_status() WHERE milestone = 'D14';
ALTER TABLE ai_value.token_cost_diagnostics ENABLE ALWAYS TRIGGER av_80_detect;
SELECT milestone, done FROM ai_value.rollout_status() WHERE milestone = 'D14';
