-- api_outcomes: post_outcome, get_scorecard, get_cost_diagnostics and
-- post_exception payload validation (22023 naming the key, nothing written)
-- and the domain refusals passing through.
\set VERBOSITY terse
\i test/fixtures/setup.sql
\i test/fixtures/checks_metrics.sql
SET ROLE av_writer;
-- accepted, by metric_key and by metric_id
SELECT ai_value.post_outcome('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_key": "task_completion_rate",
    "baseline_value": 0.5, "observed_value": 0.75, "evidence_ref": "jira:1", "measured_at": "2026-01-02T03:04:05Z",
    "evidence_kind": "sampled_review", "id": "b0000000-0000-0000-0000-000000000001"}') AS posted;
SELECT ai_value.post_outcome('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_id": "a0000000-0000-0000-0000-000000000008",
    "baseline_value": 3, "observed_value": 4, "evidence_ref": "survey:1"}') - 'id' - 'measured_at' AS defaults;
-- payload refusals
SELECT p AS payload, av_try(format('SELECT ai_value.post_outcome(%L::jsonb)', p)) AS result FROM (VALUES
    (NULL),
    ('[]'), ('"x"'), ('null'), ('42'),
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_key": "task_completion_rate", "baseline_value": 1, "observed_value": 1, "evidence_ref": "r", "extra": 1}'),
    ('{"metric_key": "task_completion_rate", "baseline_value": 1, "observed_value": 1, "evidence_ref": "r"}'),
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_key": "task_completion_rate", "baseline_value": 1, "evidence_ref": "r"}'),
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_key": "task_completion_rate", "baseline_value": 1, "observed_value": 1}'),
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "baseline_value": 1, "observed_value": 1, "evidence_ref": "r"}'),
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_key": null, "metric_id": null, "baseline_value": 1, "observed_value": 1, "evidence_ref": "r"}'),
    ('{"workflow_id": "not-a-uuid", "metric_key": "task_completion_rate", "baseline_value": 1, "observed_value": 1, "evidence_ref": "r"}'),
    ('{"workflow_id": 7, "metric_key": "task_completion_rate", "baseline_value": 1, "observed_value": 1, "evidence_ref": "r"}'),
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_key": "task_completion_rate", "baseline_value": 1, "observed_value": "1", "evidence_ref": "r"}'),
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_key": "task_completion_rate", "baseline_value": "high", "observed_value": 1, "evidence_ref": "r"}'),
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_key": "task_completion_rate", "baseline_value": 1, "observed_value": 1, "evidence_ref": 12}'),
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_key": "task_completion_rate", "baseline_value": 1, "observed_value": 1, "evidence_ref": "r", "measured_at": "yesterday-ish"}'),
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_key": "task_completion_rate", "baseline_value": 1, "observed_value": 1, "evidence_ref": "r", "measured_at": "infinity"}'),
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_key": "task_completion_rate", "baseline_value": 1, "observed_value": 1, "evidence_ref": "r", "evidence_kind": "gut_feeling"}'),
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_key": 5, "baseline_value": 1, "observed_value": 1, "evidence_ref": "r"}'),
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_key": "no_such_metric", "baseline_value": 1, "observed_value": 1, "evidence_ref": "r"}'),
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_id": "a0000000-0000-0000-0000-0000000000ff", "baseline_value": 1, "observed_value": 1, "evidence_ref": "r"}'),
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_id": "a0000000-0000-0000-0000-000000000002", "metric_key": "task_completion_rate", "baseline_value": 1, "observed_value": 1, "evidence_ref": "r"}'),
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_key": "task_completion_rate", "baseline_value": 1, "observed_value": 1, "evidence_ref": "r", "id": "b0000000-0000-0000-0000-000000000001"}'),
    -- the outcome checks speak through the API
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_key": "tokens_per_engineer", "baseline_value": 1, "observed_value": 1, "evidence_ref": "r"}'),
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_key": "token_cost_monthly", "baseline_value": 1, "observed_value": 1, "evidence_ref": "r"}'),
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_key": "review_quality", "baseline_value": 1, "observed_value": 1, "evidence_ref": "r"}'),
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_key": "task_completion_rate", "observed_value": 1, "evidence_ref": "r"}'),
    ('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_key": "task_completion_rate", "baseline_value": 1, "observed_value": 1, "evidence_ref": " "}')
) v(p);
RESET ROLE;
SELECT count(*) AS outcomes_written FROM ai_value.ai_workflow_outcomes;
SELECT count(*) AS audit_inserts FROM ai_value.audit_log WHERE table_name = 'ai_workflow_outcomes';
-- who may post
SET ROLE av_owner;
SELECT av_try($$SELECT ai_value.post_outcome('{"workflow_id": "f0000000-0000-0000-0000-000000000002", "metric_key": "task_completion_rate", "baseline_value": 0.5, "observed_value": 0.6, "evidence_ref": "jira:2"}')$$) AS team_owner;
SET ROLE av_perf;
SELECT av_try($$SELECT ai_value.post_outcome('{"workflow_id": "f0000000-0000-0000-0000-000000000002", "metric_key": "task_completion_rate", "baseline_value": 0.5, "observed_value": 0.6, "evidence_ref": "jira:3"}')$$) AS perf_admin;
SET ROLE av_gov;
SELECT av_try($$SELECT ai_value.post_outcome('{"workflow_id": "f0000000-0000-0000-0000-000000000002", "metric_key": "task_completion_rate", "baseline_value": 0.5, "observed_value": 0.6, "evidence_ref": "jira:4"}')$$) AS governance;
RESET ROLE;

-- get_scorecard
SET ROLE av_perf;
SELECT jsonb_array_length(ai_value.get_scorecard()) AS all_rows;
SELECT e ->> 'workflow_id' AS workflow_id, e ->> 'metric_key' AS metric_key, e ->> 'outcomes_n' AS outcomes_n,
       e ->> 'improvement_pct' AS improvement_pct,
       (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(e) k) AS keys
  FROM jsonb_array_elements(ai_value.get_scorecard('{"workflow_id": "f0000000-0000-0000-0000-000000000001", "metric_key": "task_completion_rate"}')) e;
SELECT jsonb_array_length(ai_value.get_scorecard('{"metric_type": "customer_satisfaction"}')) AS csat_rows,
       jsonb_array_length(ai_value.get_scorecard('{"metric_id": "a0000000-0000-0000-0000-000000000001"}')) AS task_rows,
       ai_value.get_scorecard('{"workflow_id": "f0000000-0000-0000-0000-0000000000ff"}') AS none;
SELECT f AS filter, av_try(format('SELECT ai_value.get_scorecard(%L::jsonb)', f)) AS result FROM (VALUES
    (NULL), ('[]'), ('{"team": "x"}'), ('{"workflow_id": "abc"}'), ('{"metric_type": "blocked_stuff"}'), ('{"metric_key": 1}')) v(f);
RESET ROLE;

-- get_cost_diagnostics
INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES
    ('f0000000-0000-0000-0000-000000000001', 1000, 'model-a', 2, '2026-01-01', '2026-01-08'),
    ('f0000000-0000-0000-0000-000000000001', 3000, 'model-a', 6, '2026-01-08', '2026-01-15'),
    ('f0000000-0000-0000-0000-000000000002', 5000, 'model-b', 9, '2026-01-01', '2026-01-08');
SET ROLE av_fin;
SELECT e ->> 'workflow_id' AS workflow_id, e ->> 'tokens' AS tokens, e ->> 'outcomes' AS outcomes, e ->> 'cost_per_outcome' AS cost_per_outcome
  FROM jsonb_array_elements(ai_value.get_cost_diagnostics()) e;
SELECT jsonb_array_length(ai_value.get_cost_diagnostics('{"workflow_id": "f0000000-0000-0000-0000-000000000001"}')) AS wf1,
       jsonb_array_length(ai_value.get_cost_diagnostics('{"period_start": "2026-01-08"}')) AS from_jan_8,
       jsonb_array_length(ai_value.get_cost_diagnostics('{"period_end": "2026-01-08"}')) AS to_jan_8;
SELECT f AS filter, av_try(format('SELECT ai_value.get_cost_diagnostics(%L::jsonb)', f)) AS result FROM (VALUES
    (NULL), ('"x"'), ('{"model": "a"}'), ('{"period_start": 5}'), ('{"period_end": "soon"}')) v(f);
RESET ROLE;

-- post_exception
SET ROLE av_owner;
SELECT f AS payload, av_try(format('SELECT ai_value.post_exception(%L::jsonb)', f)) AS result FROM (VALUES
    (NULL), ('[1]'),
    ('{"metric_key": "output_quality_score", "expires_at": "2099-01-01"}'),
    ('{"metric_key": "output_quality_score", "reason": "r"}'),
    ('{"metric_key": "output_quality_score", "reason": "r", "expires_at": "2099-01-01", "status": "approved"}'),
    ('{"metric_key": "output_quality_score", "reason": "r", "expires_at": "2099-01-01", "approved_by": "22222222-2222-2222-2222-222222222221"}'),
    ('{"metric_key": "output_quality_score", "reason": 1, "expires_at": "2099-01-01"}'),
    ('{"metric_key": "output_quality_score", "reason": "r", "expires_at": "whenever"}'),
    ('{"reason": "r", "expires_at": "2099-01-01"}'),
    ('{"metric_key": "nope_metric", "reason": "r", "expires_at": "2099-01-01"}'),
    ('{"metric_key": "output_quality_score", "reason": "  ", "expires_at": "2099-01-01"}'),
    ('{"metric_key": "output_quality_score", "reason": "r", "expires_at": "2099-01-01"}'),
    ('{"metric_key": "tokens_per_engineer", "reason": "r", "expires_at": "2099-01-01"}')) v(f);
SELECT (ai_value.post_exception(jsonb_build_object('metric_key', 'output_quality_score', 'reason', 'calibration pilot',
        'expires_at', now() + interval '30 days')) - 'id' - 'expires_at' - 'created_at') AS requested;
RESET ROLE;
SELECT count(*) AS exceptions FROM ai_value.metric_exceptions;
