-- The aivalue demo: the governance pack's story, end to end, on a throw-away
-- cluster (scripts/demo.sh). Each act prints what the database did.
\set ON_ERROR_STOP 1
\pset footer off
\pset null '-'
SET client_min_messages = warning;
\set SHOW_CONTEXT never
\echo
\echo '================================================================'
\echo ' aivalue demo: keeping Tokenmaxxing out of the AI value scorecard'
\echo '================================================================'
CREATE EXTENSION aivalue;

\echo
\echo '--- Act 1. The DBA maps people to roles (principals) -------------'
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT * FROM (VALUES ('mia_manager', 'ai_value_team_owner'), ('grace_gov', 'ai_value_governance'),
                                   ('fay_finance', 'ai_value_finance'), ('pat_perf', 'ai_value_performance_admin'),
                                   ('app_writer', 'ai_value_writer')) v(u, g) LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r.u) THEN
            EXECUTE format('CREATE ROLE %I LOGIN', r.u);
        END IF;
        EXECUTE format('GRANT %I TO %I', r.g, r.u);
    END LOOP;
END $$;
INSERT INTO ai_value.principals (role_name, person_id, display_name) VALUES
    ('mia_manager', '10000000-0000-0000-0000-000000000001', 'Mia (team owner)'),
    ('grace_gov',   '20000000-0000-0000-0000-000000000002', 'Grace (AI governance owner)'),
    ('fay_finance', '30000000-0000-0000-0000-000000000003', 'Fay (finance)'),
    ('pat_perf',    '40000000-0000-0000-0000-000000000004', 'Pat (performance admin)'),
    ('app_writer',  '50000000-0000-0000-0000-000000000005', 'Workflow ingest service');
SELECT p.role_name, p.display_name, string_agg(g.rolname, ', ') AS seat
  FROM ai_value.principals p JOIN pg_roles u ON u.rolname = p.role_name
  JOIN pg_auth_members am ON am.member = u.oid JOIN pg_roles g ON g.oid = am.roleid
 GROUP BY 1, 2 ORDER BY 1;

\echo
\echo '--- Act 2. A manager proposes token_count_per_employee for ranking --'
SET ROLE mia_manager;
\pset format unaligned
\pset tuples_only on
\echo 'post_metric response:'
SELECT jsonb_pretty(ai_value.post_metric('{
    "metric_key": "token_count_per_employee",
    "metric_name": "Token count per employee",
    "metric_type": "task_completion",
    "formula": "sum(tokens) per employee per week",
    "data_source": "LLM gateway logs",
    "intended_uses": ["ranking", "performance_review"]
}')) AS "post_metric response";
\pset format aligned
\pset tuples_only off
RESET ROLE;
\echo 'The proposal is kept as evidence, and a gaming alert is raised:'
SELECT alert_type, severity, workflow_id, evidence_json ->> 'rule' AS rule
  FROM ai_value.gaming_alerts ORDER BY created_at;

\echo
\echo '--- Act 3. A variant spelled to slip past a naive filter ------------'
SET ROLE mia_manager;
SELECT key, status, policy, left(rationale, 90) AS rationale
  FROM (SELECT k AS key, r ->> 'status' AS status, r ->> 'policy' AS policy, r ->> 'rationale' AS rationale
          FROM (VALUES ('prompt_volume_board'), ('weekly_tok3n_leaderboard')) v(k),
               LATERAL (SELECT ai_value.post_metric(jsonb_build_object(
                    'metric_key', k,
                    'metric_name', CASE k WHEN 'prompt_volume_board' THEN 'PromptVolume per engineer' ELSE 'Weekly Tоkеn Leaderboard' END,
                    'metric_type', 'quality',
                    'formula', 'count of requests sent to the assistant',
                    'data_source', 'chat logs',
                    'intended_uses', jsonb_build_array('compensation'))) AS r) x) y;
\echo 'Token spend proposed for the budget only becomes a finance diagnostic:'
SELECT r ->> 'metric_key' AS metric_key, r ->> 'status' AS status, r ->> 'policy' AS policy
  FROM (SELECT ai_value.post_metric('{"metric_key": "monthly_token_spend", "metric_name": "Monthly token spend",
          "metric_type": "cost_diagnostic", "formula": "sum(cost) per month", "data_source": "invoices",
          "intended_uses": ["budget", "cost_diagnostic"]}') AS r) x;
RESET ROLE;

\echo
\echo '--- Act 4. The four value metrics are proposed and approved ---------'
SET ROLE mia_manager;
SELECT r ->> 'metric_key' AS metric_key, r ->> 'status' AS status_after_proposal
  FROM ai_value.recommended_alternatives() a,
       LATERAL (SELECT ai_value.post_metric(jsonb_build_object(
           'metric_key', a.metric_key, 'metric_name', a.metric_name, 'metric_type', a.metric_type,
           'formula', a.formula, 'data_source', a.data_source, 'quality_gate', a.quality_gate,
           'anti_gaming_check', a.anti_gaming_check, 'baseline_required', true,
           'intended_uses', '["team_improvement", "budget"]'::jsonb)) AS r) x;
SET ROLE grace_gov;
SELECT metric_key, (ai_value.approve_metric(metric_key, 'Value metric with formula, source, baseline, quality gate and anti-gaming check')) IS NOT NULL AS approved
  FROM ai_value.recommended_alternatives();
RESET ROLE;
SELECT metric_key, status, policy FROM ai_value.metric_registry ORDER BY status, metric_key;

\echo
\echo '--- Act 5. Three workflows record outcomes and token diagnostics ----'
-- Workflow A (support triage) and B (code review) improve; C (report drafting)
-- burns tokens for five days without better outcomes.
SET ROLE app_writer;
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind)
SELECT w.id, m.id, m.base, m.base * w.gain + d, 'log:' || w.name || ':' || d, now() - (d || ' days')::interval + interval '1 hour',
       'system_log'
  FROM (VALUES ('a0000000-0000-0000-0000-00000000000a'::uuid, 'support-triage', 1.25),
               ('b0000000-0000-0000-0000-00000000000b'::uuid, 'code-review', 1.18),
               ('c0000000-0000-0000-0000-00000000000c'::uuid, 'report-drafting', 1.00)) w(id, name, gain)
 CROSS JOIN (SELECT r.metric_id AS id, CASE r.metric_key WHEN 'actual_time_saved' THEN 30 ELSE 70 END AS base
               FROM ai_value.metric_registry r WHERE r.status = 'approved') m
 CROSS JOIN generate_series(0, 4) d;
RESET ROLE;
SET ROLE fay_finance;
INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end, prompt_count)
SELECT w.id, CASE WHEN w.name = 'report-drafting' AND d = 0 THEN 260000 ELSE 50000 END,
       'gpt-large', CASE WHEN w.name = 'report-drafting' AND d = 0 THEN 52 ELSE 10 END,
       date_trunc('day', now()) - (d || ' days')::interval, date_trunc('day', now()) - ((d - 1) || ' days')::interval,
       CASE WHEN w.name = 'report-drafting' AND d = 0 THEN 900 ELSE 200 END
  FROM (VALUES ('a0000000-0000-0000-0000-00000000000a'::uuid, 'support-triage'),
               ('b0000000-0000-0000-0000-00000000000b'::uuid, 'code-review'),
               ('c0000000-0000-0000-0000-00000000000c'::uuid, 'report-drafting')) w(id, name)
 CROSS JOIN generate_series(4, 0, -1) d
 ORDER BY d DESC;
RESET ROLE;
\echo 'Gaming alerts raised by the detectors:'
SELECT alert_type, severity, left(workflow_id::text, 8) AS workflow,
       evidence_json ->> 'ratio' AS ratio, evidence_json ->> 'rule' AS rule
  FROM ai_value.gaming_alerts WHERE workflow_id IS NOT NULL ORDER BY alert_type, workflow_id;

\echo
\echo '--- Act 6. Writes that the triggers refuse --------------------------'
SET ROLE app_writer;
\set ON_ERROR_STOP 0
\set VERBOSITY default
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
SELECT 'a0000000-0000-0000-0000-00000000000a', metric_id, 1, 9, 'gateway'
  FROM ai_value.metric_registry WHERE metric_key = 'token_count_per_employee';
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
SELECT 'a0000000-0000-0000-0000-00000000000a', metric_id, 1, 9, 'invoices'
  FROM ai_value.metric_registry WHERE metric_key = 'monthly_token_spend';
SELECT ai_value.post_outcome('{"workflow_id": "a0000000-0000-0000-0000-00000000000a", "metric_key": "task_completion_rate",
                               "observed_value": 80, "evidence_ref": "log:1"}');
RESET ROLE;
SET ROLE mia_manager;
SELECT ai_value.post_exception(jsonb_build_object('metric_key', 'token_count_per_employee',
       'reason', 'we want to rank people for one quarter', 'expires_at', now() + interval '30 days'));
RESET ROLE;
\set ON_ERROR_STOP 1

\echo
\echo '--- Act 7. A time-boxed exception ----------------------------------'
SET ROLE mia_manager;
SELECT ai_value.post_metric('{"metric_key": "first_contact_resolution", "metric_name": "First contact resolution rate",
    "metric_type": "customer_satisfaction", "formula": "tickets resolved on first contact / tickets",
    "data_source": "helpdesk", "quality_gate": "sampled review", "anti_gaming_check": "reopen rate within 7 days",
    "intended_uses": ["team_improvement"]}') ->> 'status' AS proposed_status;
RESET ROLE;
SET ROLE grace_gov;
SELECT ai_value.set_policy('first_contact_resolution', 'requires_exception', 'Pilot: needs an approved, time-boxed exception') IS NOT NULL AS policy_set;
RESET ROLE;
SET ROLE mia_manager;
SELECT (ai_value.post_exception(jsonb_build_object('metric_key', 'first_contact_resolution',
       'reason', 'two-week pilot in support triage', 'expires_at', now() + interval '14 days')) ->> 'id') AS exception_id \gset
RESET ROLE;
SET ROLE grace_gov;
SELECT ai_value.decide_exception(:'exception_id', true, 'pilot approved for 14 days') ->> 'status' AS decision;
RESET ROLE;
SET ROLE app_writer;
SELECT ai_value.post_outcome('{"workflow_id": "a0000000-0000-0000-0000-00000000000a", "metric_key": "first_contact_resolution",
       "baseline_value": 0.61, "observed_value": 0.72, "evidence_ref": "helpdesk:export-1"}') ? 'id' AS outcome_recorded;
RESET ROLE;
SELECT status, expires_at > now() AS active, expires_at <= now() + interval '14 days 1 minute' AS time_boxed
  FROM ai_value.metric_exceptions;

\echo
\echo '--- Act 8. What BI tools see ----------------------------------------'
\echo 'The scorecard, as the performance admin reads it (only approved metrics or active exceptions):'
SET ROLE pat_perf;
SELECT left(workflow_id::text, 8) AS workflow, metric_key, outcomes_n, baseline_avg::numeric(10,2) AS baseline,
       observed_avg::numeric(10,2) AS observed, improvement_pct::numeric(6,1) AS "improvement %", open_alerts
  FROM ai_value.scorecard ORDER BY 1, 2;
\echo 'Blocked and diagnostic-only metrics are invisible to the performance admin:'
SELECT count(*) AS registry_rows_visible, count(*) FILTER (WHERE status IN ('blocked', 'diagnostic_only')) AS blocked_visible
  FROM ai_value.metric_registry;
RESET ROLE;
\echo 'The money path, as finance reads it: cost per outcome per workflow and day:'
SET ROLE fay_finance;
SELECT left(workflow_id::text, 8) AS workflow, period_start::date AS day, tokens, prompts, cost, outcomes, cost_per_outcome::numeric(10,3)
  FROM ai_value.cost_diagnostics ORDER BY 1, 2;
RESET ROLE;

\echo
\echo '--- Act 9. Readiness: the pack''s must-check questions and D1..D30 -----'
SET ROLE grace_gov;
SELECT * FROM ai_value.health_check();
SELECT * FROM ai_value.rollout_status();
RESET ROLE;
\echo 'Audit trail (last entries):'
SELECT actor_role, action, table_name, row_count FROM ai_value.audit_log ORDER BY id DESC LIMIT 8;
\echo
\echo 'Demo finished: the Tokenmaxxing metric was blocked with its rationale and alternatives,'
\echo 'value metrics reached the scorecard, token cost stayed a finance diagnostic, and gaming raised alerts.'
