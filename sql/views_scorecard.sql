-- views_scorecard: scorecard and cost_diagnostics contents (self-report
-- exclusion, verified_n, improvement_pct, open_alerts, the live policy
-- filter), and who may read which view.
\set VERBOSITY terse
\i test/fixtures/setup.sql
\i test/fixtures/checks_metrics.sql
-- wf1: task completion from logs and reviews; time saved from logs and self-reports;
-- customer satisfaction from feedback (not verified). wf2: a baseline of 0.
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref, evidence_kind, measured_at) VALUES
    ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000001', 0.5, 0.7, 'jira:1', 'system_log',     now() - interval '3 days'),
    ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000001', 0.5, 0.9, 'jira:2', 'system_log',     now() - interval '2 days'),
    ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000001', 0.6, 0.8, 'rev:1',  'sampled_review', now() - interval '1 day'),
    ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000001', 0.4, 1.0, 'me:1',   'self_report',    now() - interval '1 day'),
    ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000002', 60, 50,   'log:1',  'system_log',     now() - interval '3 days'),
    ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000002', 60, 30,   'log:2',  'sampled_review', now() - interval '2 days'),
    ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000002', 90, 5,    'me:2',   'self_report',    now() - interval '2 days'),
    ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000002', 90, 15,   'me:3',   'self_report',    now() - interval '1 day'),
    ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000008', 3.5, 4,  's:1',    'customer_feedback', now() - interval '1 day'),
    ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000008', 3.5, 5,  's:2',    'customer_feedback', now() - interval '1 day'),
    ('f0000000-0000-0000-0000-000000000002', 'a0000000-0000-0000-0000-000000000001', 0, 0.5,   'jira:3', 'system_log',     now() - interval '1 day');
-- history of metrics that must never show (restored rows of a blocked, a
-- diagnostic-only, a proposed and a requires_exception metric)
SET aivalue.restoring = on;
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref) VALUES
    ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000003', 1000, 90000, 'gw:1'),
    ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000004', 10, 20, 'inv:1'),
    ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000005', 1, 2, 'rv:1'),
    ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000007', 3, 4, 'rq:1');
RESET aivalue.restoring;
-- alerts: two open for wf1/time saved (one metric-less), one too old, one for another metric
INSERT INTO ai_value.gaming_alerts (workflow_id, metric_id, alert_type, severity, evidence_json, created_at) VALUES
    ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000002', 'self_report_mismatch', 'medium', '{"window": "a"}', now() - interval '1 day'),
    ('f0000000-0000-0000-0000-000000000001', NULL, 'token_spike_no_outcome', 'high', '{"window": "b"}', now() - interval '29 days'),
    ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000002', 'self_report_mismatch', 'low', '{"window": "c"}', now() - interval '31 days'),
    ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000008', 'quality_drop', 'low', '{"window": "d"}', now() - interval '2 days');

SELECT workflow_id, metric_key, metric_type, policy, outcomes_n, verified_n,
       round(baseline_avg, 4) AS baseline_avg, round(observed_avg, 4) AS observed_avg,
       round(improvement_pct, 2) AS improvement_pct, round(self_reported_avg, 4) AS self_reported_avg,
       first_measured_at = (SELECT min(measured_at) FROM ai_value.ai_workflow_outcomes o WHERE o.workflow_id = s.workflow_id AND o.metric_id = s.metric_id) AS first_ok,
       last_measured_at = (SELECT max(measured_at) FROM ai_value.ai_workflow_outcomes o WHERE o.workflow_id = s.workflow_id AND o.metric_id = s.metric_id) AS last_ok,
       open_alerts
  FROM ai_value.scorecard s ORDER BY workflow_id, metric_key;
-- the exact improvement for time saved: verified only, (40 - 60) / 60 * 100
SELECT improvement_pct = (40 - 60) / 60.0 * 100 AS exact FROM ai_value.scorecard WHERE metric_key = 'actual_time_saved';
-- alert_open_days is read live
UPDATE ai_value.settings SET value = 7 WHERE key = 'alert_open_days';
SELECT metric_key, open_alerts FROM ai_value.scorecard WHERE workflow_id = 'f0000000-0000-0000-0000-000000000001' ORDER BY metric_key;
UPDATE ai_value.settings SET value = 30 WHERE key = 'alert_open_days';

-- an active exception brings a requires_exception metric in; its expiry takes it out
INSERT INTO ai_value.metric_exceptions (id, metric_id, requested_by, reason, expires_at)
    VALUES ('e0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000007',
            '11111111-1111-1111-1111-111111111111', 'pilot', now() + interval '1 second');
SELECT count(*) AS while_pending FROM ai_value.scorecard WHERE metric_key = 'output_quality_score';
SET ROLE av_gov;
SELECT ai_value.decide_exception('e0000000-0000-0000-0000-000000000001', true, 'ok') ->> 'status' AS decision;
RESET ROLE;
SELECT metric_key, policy, outcomes_n FROM ai_value.scorecard WHERE metric_key = 'output_quality_score';
SELECT pg_sleep(1.1);
SELECT count(*) AS after_expiry FROM ai_value.scorecard WHERE metric_key = 'output_quality_score';

-- cost diagnostics: two models in one period, one in another
INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end, prompt_count) VALUES
    ('f0000000-0000-0000-0000-000000000001', 1000000, 'model-a', 12.5, date_trunc('day', now()) - interval '7 days', date_trunc('day', now()), 300),
    ('f0000000-0000-0000-0000-000000000001',  500000, 'model-b',  7.5, date_trunc('day', now()) - interval '7 days', date_trunc('day', now()), NULL),
    ('f0000000-0000-0000-0000-000000000001',  200000, 'model-a',  3.0, date_trunc('day', now()) - interval '30 days', date_trunc('day', now()) - interval '23 days', NULL),
    ('f0000000-0000-0000-0000-000000000003',  100000, 'model-c',  1.0, date_trunc('day', now()) - interval '7 days', date_trunc('day', now()), 10);
SELECT workflow_id, period_end - period_start AS period, tokens, prompts, cost, models, outcomes, round(cost_per_outcome, 4) AS cost_per_outcome,
       outcomes = (SELECT count(*) FROM ai_value.ai_workflow_outcomes o
                    WHERE o.workflow_id = c.workflow_id AND o.measured_at >= c.period_start AND o.measured_at < c.period_end
                      AND o.metric_id IN ('a0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000002',
                                          'a0000000-0000-0000-0000-000000000008')) AS outcomes_ok
  FROM ai_value.cost_diagnostics c ORDER BY workflow_id, period_start;

-- A metric blocked later disappears at once, from both views' counts.
UPDATE ai_value.ai_value_metrics SET status = 'blocked' WHERE metric_key = 'actual_time_saved';
INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale)
    VALUES ('a0000000-0000-0000-0000-000000000002', 'block', 'Self-reports were gamed.');
SELECT metric_key FROM ai_value.scorecard ORDER BY workflow_id, metric_key;
SELECT outcomes FROM ai_value.cost_diagnostics WHERE workflow_id = 'f0000000-0000-0000-0000-000000000001' AND period_end - period_start = '7 days';
-- a rule alone (status still approved) is enough, as is diagnostic_only
INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale)
    VALUES ('a0000000-0000-0000-0000-000000000008', 'diagnostic_only', 'Survey moved to finance.');
SELECT metric_key FROM ai_value.scorecard ORDER BY workflow_id, metric_key;
-- a future rule does not apply yet
INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale, effective_at)
    VALUES ('a0000000-0000-0000-0000-000000000001', 'block', 'Next quarter.', now() + interval '1 day');
SELECT count(*) AS still_there FROM ai_value.scorecard WHERE metric_key = 'task_completion_rate';

-- Who reads what (SPEC §9): the scorecard for all five seats, cost
-- diagnostics for finance and governance, the internals for nobody.
CREATE FUNCTION public.can(role_name text, sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', role_name);
    r := av_try(sql);
    RESET ROLE;
    RETURN CASE WHEN r = 'ok' THEN 'yes' ELSE left(r, 5) END;
END $$;
SELECT r AS role,
       can(r, 'SELECT count(*) FROM ai_value.scorecard') AS scorecard,
       can(r, 'SELECT ai_value.get_scorecard()') AS get_scorecard,
       can(r, 'SELECT count(*) FROM ai_value.cost_diagnostics') AS cost_diag,
       can(r, 'SELECT ai_value.get_cost_diagnostics()') AS get_cost,
       can(r, 'SELECT count(*) FROM ai_value.outcome_rollups') AS rollups,
       can(r, 'SELECT count(*) FROM ai_value._metric_state') AS metric_state
  FROM unnest(ARRAY['av_owner', 'av_gov', 'av_fin', 'av_perf', 'av_writer', 'av_nobody']) r;
-- performance admins see no blocked or diagnostic-only data in the scorecard
SET ROLE av_perf;
SELECT s.metric_key, s.policy FROM ai_value.scorecard s ORDER BY 1;
SELECT count(*) AS blocked_or_diagnostic_rows FROM ai_value.scorecard s
 WHERE s.metric_id IN ('a0000000-0000-0000-0000-000000000002', 'a0000000-0000-0000-0000-000000000003',
                       'a0000000-0000-0000-0000-000000000004', 'a0000000-0000-0000-0000-000000000008')
    OR s.policy IN ('block', 'diagnostic_only');
RESET ROLE;
-- every view and column is commented
SELECT c.relname, count(*) FILTER (WHERE d.description IS NULL) AS uncommented_columns,
       obj_description(c.oid, 'pg_class') IS NOT NULL AS view_commented
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
  LEFT JOIN pg_description d ON d.objoid = c.oid AND d.objsubid = a.attnum
 WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relname IN ('scorecard', 'cost_diagnostics', '_metric_state')
 GROUP BY c.relname, c.oid ORDER BY 1;
-- the scorecard's columns are exactly those of SPEC §10
SELECT string_agg(attname, ', ' ORDER BY attnum) FROM pg_attribute
 WHERE attrelid = 'ai_value.scorecard'::regclass AND attnum > 0;
DROP FUNCTION public.can(text, text);
-- the governance path: block_metric() takes a metric out of both views at once
SET ROLE av_gov;
SELECT (ai_value.block_metric('task_completion_rate', 'Completion was gamed by splitting tasks.')) IS NOT NULL AS blocked;
RESET ROLE;
SELECT count(*) AS scorecard_rows FROM ai_value.scorecard;
SELECT sum(outcomes) AS outcomes_in_cost_view FROM ai_value.cost_diagnostics;
SELECT ai_value.get_scorecard() AS api_scorecard;
