-- gate_api: post_metric payload validation (22023 naming the key, nothing
-- written), recommended_alternatives, classify_metric writes nothing, grants.
\set VERBOSITY terse
\i test/fixtures/setup.sql
SET ROLE av_owner;
SELECT public.av_try($$SELECT ai_value.post_metric('{"metric_key": "abc_metric", "metric_name": "A", "metric_type": "quality", "colour": "red"}')$$);
SELECT public.av_try($$SELECT ai_value.post_metric('{"metric_name": "A", "metric_type": "quality"}')$$);
SELECT public.av_try($$SELECT ai_value.post_metric('{"metric_key": "abc_metric", "metric_name": "A", "metric_type": "vibes"}')$$);
SELECT public.av_try($$SELECT ai_value.post_metric('{"metric_key": "abc_metric", "metric_name": "A", "metric_type": "quality", "intended_uses": ["ranking", "gossip"]}')$$);
SELECT public.av_try($$SELECT ai_value.post_metric('{"metric_key": "abc_metric", "metric_name": "A", "metric_type": "quality", "baseline_required": "yes"}')$$);
SELECT public.av_try($$SELECT ai_value.post_metric('{"metric_key": "Bad Key", "metric_name": "A", "metric_type": "quality"}')$$);
SELECT public.av_try($$SELECT ai_value.post_metric('{"metric_key": "abc_metric", "metric_name": "   ", "metric_type": "quality"}')$$);
SELECT public.av_try($$SELECT ai_value.post_metric('[1, 2]')$$);
SELECT public.av_try($$SELECT ai_value.post_metric(NULL)$$);
-- a team owner cannot choose the status, nor name another person as owner
SELECT public.av_try($$SELECT ai_value.post_metric('{"metric_key": "abc_metric", "metric_name": "A", "metric_type": "quality", "status": "approved"}')$$);
SELECT public.av_try($$SELECT ai_value.post_metric('{"metric_key": "abc_metric", "metric_name": "A", "metric_type": "quality", "owner_id": "22222222-2222-2222-2222-222222222221"}')$$);
SELECT public.av_try($$INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, status) VALUES ('abc_metric', 'A', 'quality', 'approved')$$);
RESET ROLE;
SELECT count(*) AS metrics_left FROM ai_value.ai_value_metrics;
SELECT count(*) AS rules_left FROM ai_value.metric_policy_rules;
-- owner_id is filled from the principal
SET ROLE av_owner;
SELECT (ai_value.post_metric('{"metric_key": "abc_metric", "metric_name": "A", "metric_type": "quality"}')) ->> 'status' AS status;
RESET ROLE;
SELECT metric_key, owner_id, intended_uses, baseline_required FROM ai_value.ai_value_metrics;
-- duplicate key: the unique constraint
SET ROLE av_owner;
SELECT public.av_try($$SELECT ai_value.post_metric('{"metric_key": "abc_metric", "metric_name": "A", "metric_type": "quality"}')$$);
RESET ROLE;

-- recommended_alternatives: the four value metrics, complete
SELECT metric_key, metric_name, metric_type,
       length(formula) > 10 AND length(data_source) > 5 AND length(quality_gate) > 10 AND length(anti_gaming_check) > 10 AS complete
  FROM ai_value.recommended_alternatives();
-- ... and the gate itself does not mistake them for activity
SELECT a.metric_key, c.status, c.is_activity
  FROM ai_value.recommended_alternatives() a,
       LATERAL ai_value.classify_metric(a.metric_key, a.metric_name, a.formula, a.data_source, '{performance_review}', a.metric_type) c;

-- classify_metric explains and writes nothing
SELECT status, policy, is_activity, matched, rationale, alternatives
  FROM ai_value.classify_metric('prompt_leaderboard', 'Prompt leaderboard', 'count(prompts) per engineer', 'Copilot usage API', '{ranking,compensation}');
SELECT status, policy, is_activity, rationale
  FROM ai_value.classify_metric('ai_usage', 'AI usage', NULL, NULL, NULL);
SELECT status, policy, is_activity, rationale
  FROM ai_value.classify_metric(NULL, NULL, NULL, NULL, '{}', 'cost_diagnostic');
SELECT status, policy, is_activity, rationale
  FROM ai_value.classify_metric('gpu_spend', 'GPU spend', NULL, NULL, '{compensation}', 'cost_diagnostic');
SELECT status, policy, matched, rationale
  FROM ai_value.classify_metric('task_completion_rate', 'Task completion rate', 'completed / assigned', 'Jira', '{ranking}');
SELECT (SELECT count(*) FROM ai_value.ai_value_metrics) AS metrics,
       (SELECT count(*) FROM ai_value.metric_policy_rules) AS rules,
       (SELECT count(*) FROM ai_value.gaming_alerts) AS alerts;

-- who may call what
SELECT r AS role,
       has_function_privilege(r, 'ai_value.classify_metric(text,text,text,text,ai_value.metric_use[],ai_value.metric_type)', 'EXECUTE') AS classify,
       has_function_privilege(r, 'ai_value.recommended_alternatives()', 'EXECUTE') AS alternatives,
       has_function_privilege(r, 'ai_value.post_metric(jsonb)', 'EXECUTE') AS post_metric,
       has_function_privilege(r, 'ai_value.approve_metric(text,text)', 'EXECUTE') AS approve,
       has_function_privilege(r, 'ai_value.block_metric(text,text)', 'EXECUTE') AS block,
       has_function_privilege(r, 'ai_value.set_policy(text,ai_value.metric_policy,text)', 'EXECUTE') AS set_policy,
       has_table_privilege(r, 'ai_value.metric_registry', 'SELECT') AS registry
  FROM unnest(ARRAY['ai_value_team_owner', 'ai_value_governance', 'ai_value_finance',
                    'ai_value_performance_admin', 'ai_value_writer', 'av_nobody']) r;
-- every function of this piece has a comment; the view and all its columns too
SELECT p.proname FROM pg_proc p
 WHERE p.pronamespace = 'ai_value'::regnamespace
   AND p.proname IN ('classify_metric', 'gate', 'gate_rules', 'recommended_alternatives', '_metric_doc',
                     '_decide', 'approve_metric', 'block_metric', 'set_policy', 'post_metric')
   AND obj_description(p.oid, 'pg_proc') IS NULL;
SELECT obj_description('ai_value.metric_registry'::regclass, 'pg_class') IS NOT NULL AS view_comment;
SELECT a.attname FROM pg_attribute a
 WHERE a.attrelid = 'ai_value.metric_registry'::regclass AND a.attnum > 0
   AND col_description(a.attrelid, a.attnum) IS NULL;
-- the gate's triggers, always enabled
SELECT tgname, tgenabled FROM pg_trigger
 WHERE tgrelid = 'ai_value.ai_value_metrics'::regclass AND tgname LIKE 'av\_%gate%' ORDER BY 1;
