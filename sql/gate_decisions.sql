-- gate_decisions: each row of the SPEC §4 table through a real INSERT by a
-- team owner: the status written, the policy rule (or none), the alert
-- (only for performance uses of a blocked proposal), and a multi-row
-- INSERT ... SELECT judged row by row with its rules written set-based.
\set VERBOSITY terse
\i test/fixtures/setup.sql
SET ROLE av_owner;
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, formula, data_source, intended_uses) VALUES
    -- row 1: activity metric (or blocked_activity type) with a use other than budget / cost_diagnostic, or none
    ('r1_prompts_ranking',   'Prompts per engineer',   'task_completion', 'count(prompts)', 'Copilot logs', '{ranking}'),
    ('r1_tokens_comp',       'Token burn',             'quality',         'sum(tokens)', 'gateway', '{compensation,budget}'),
    ('r1_usage_review',      'AI usage',               'time_saved',      NULL, NULL, '{performance_review}'),
    ('r1_sessions_team',     'Chat sessions per team', 'task_completion', NULL, NULL, '{team_improvement}'),
    ('r1_logins_no_use',     'Logins to ChatGPT',      'task_completion', NULL, NULL, '{}'),
    ('r1_type_activity',     'Engagement index',       'blocked_activity', 'weighted index', 'survey', '{team_improvement}'),
    ('r1_type_activity_rank','Engagement index rank',  'blocked_activity', 'weighted index', 'survey', '{ranking}'),
    -- row 2: activity or cost metric used only for budget / cost_diagnostic, or cost_diagnostic type without performance use
    ('r2_tokens_budget',     'Tokens per workflow',    'cost_diagnostic', 'sum(tokens)', 'gateway', '{budget}'),
    ('r2_prompts_costdiag',  'Prompt count',           'quality',         'count(prompts)', 'gateway', '{budget,cost_diagnostic}'),
    ('r2_type_cost_nouse',   'Model bill',             'cost_diagnostic', 'invoice total', 'vendor invoice', '{}'),
    ('r2_type_cost_team',    'Inference bill',         'cost_diagnostic', 'invoice total', 'vendor invoice', '{team_improvement}'),
    ('r2_cost_words_budget', 'Cloud spend per product','quality',         'monthly spend', 'billing export', '{budget}'),
    -- row 3: cost_diagnostic type with a performance use
    ('r3_cost_review',       'Inference bill per engineer', 'cost_diagnostic', 'invoice total / engineers', 'vendor invoice', '{performance_review}'),
    -- row 4: anything else
    ('r4_value',             'Task completion rate',   'task_completion', 'completed / assigned', 'Jira', '{performance_review,ranking}'),
    ('r4_cost_words_team',   'Cost per resolved ticket','quality',        'support cost / resolved tickets', 'ERP', '{team_improvement}'),
    ('r4_no_terms',          'Claims processed correctly', 'quality',     'correct / processed', 'claims audit', '{}');
RESET ROLE;
SELECT m.metric_key, m.status, r.policy, r.alternatives = '{task_completion_rate,actual_time_saved,output_quality_score,customer_satisfaction}' AS four_alternatives,
       CASE WHEN r.id IS NOT NULL THEN r.approved_by IS NULL END AS by_gate
  FROM ai_value.ai_value_metrics m
  LEFT JOIN ai_value.metric_policy_rules r ON r.metric_id = m.id
 ORDER BY m.metric_key;
SELECT m.metric_key, r.rationale
  FROM ai_value.ai_value_metrics m JOIN ai_value.metric_policy_rules r ON r.metric_id = m.id
 WHERE m.metric_key IN ('r1_prompts_ranking', 'r1_logins_no_use', 'r1_type_activity', 'r2_tokens_budget', 'r2_type_cost_nouse', 'r3_cost_review')
 ORDER BY 1;
-- alerts: only the blocked proposals with ranking / compensation / performance_review
SELECT m.metric_key, a.alert_type, a.severity, a.workflow_id, a.evidence_json ->> 'window' = m.id::text AS window_is_metric,
       a.evidence_json -> 'proposal' -> 'intended_uses' AS uses
  FROM ai_value.gaming_alerts a JOIN ai_value.ai_value_metrics m ON m.id = a.metric_id
 ORDER BY 1;
-- the gate's rules are audited like any other
SELECT table_name, action, count(*) FROM ai_value.audit_log
 WHERE table_name IN ('ai_value_metrics', 'metric_policy_rules') GROUP BY 1, 2 ORDER BY 1, 2;

-- bulk: INSERT ... SELECT of many proposals, judged row by row, rules set-based
SET ROLE av_owner;
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, intended_uses)
SELECT 'bulk_' || g, CASE WHEN g % 3 = 0 THEN 'Tokens per user ' || g
                         WHEN g % 3 = 1 THEN 'Prompt count ' || g
                         ELSE 'Resolution rate ' || g END,
       'quality', CASE WHEN g % 3 = 1 THEN '{budget}'::ai_value.metric_use[] ELSE '{ranking}' END
  FROM generate_series(1, 300) g;
RESET ROLE;
SELECT m.status, count(*) AS metrics, count(r.id) AS rules, count(a.id) AS alerts
  FROM ai_value.ai_value_metrics m
  LEFT JOIN ai_value.metric_policy_rules r ON r.metric_id = m.id
  LEFT JOIN ai_value.gaming_alerts a ON a.metric_id = m.id
 WHERE m.metric_key LIKE 'bulk\_%' GROUP BY 1 ORDER BY 1;

-- a refused statement leaves nothing behind (the unique key fails on the 2nd row)
SET ROLE av_owner;
SELECT public.av_try($$INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, intended_uses)
    VALUES ('dup_tokens', 'Tokens', 'quality', '{ranking}'), ('dup_tokens', 'Tokens', 'quality', '{ranking}')$$);
RESET ROLE;
SELECT count(*) AS left_behind FROM ai_value.ai_value_metrics WHERE metric_key = 'dup_tokens';

-- restore mode: the gate steps aside (rows were judged when first written)
SET aivalue.restoring = on;
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, status, intended_uses)
VALUES ('restored_tokens', 'Tokens per user', 'quality', 'proposed', '{ranking}');
RESET aivalue.restoring;
SELECT m.status, (SELECT count(*) FROM ai_value.metric_policy_rules r WHERE r.metric_id = m.id) AS rules,
       (SELECT count(*) FROM ai_value.gaming_alerts a WHERE a.metric_id = m.id) AS alerts
  FROM ai_value.ai_value_metrics m WHERE m.metric_key = 'restored_tokens';
-- a non-superuser cannot turn restore mode on
SET ROLE av_owner;
SELECT public.av_try($$SET aivalue.restoring = on$$);
RESET ROLE;
