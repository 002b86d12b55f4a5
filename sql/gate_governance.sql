-- gate_governance: approval checks (AV004 listing every missing field, AV001
-- for activity, AV002 for cost diagnostics), approve_metric / block_metric /
-- set_policy (status and policy move together, approved_by from the
-- principal), role checks, the BEFORE UPDATE rules, the registry's
-- visibility and the vocabulary cache's invalidation.
\set VERBOSITY terse
\i test/fixtures/setup.sql
SET ROLE av_owner;
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, formula, data_source, quality_gate, anti_gaming_check, intended_uses) VALUES
    ('complete_value', 'Task completion rate', 'task_completion', 'completed / assigned', 'Jira', 'acceptance criteria pass', 'reopen rate review', '{performance_review}'),
    ('empty_value', 'Customer satisfaction', 'customer_satisfaction', NULL, NULL, NULL, NULL, '{}'),
    ('placeholder_value', 'Output quality score', 'quality', 'TBD', ' n/a ', '-', E'to do\u200b', '{}'),
    ('placeholder2_value', 'Actual time saved', 'time_saved', '???', 'T.B.D.', 'todo', 'unknown', '{}'),
    ('tokens_team', 'Tokens per team', 'quality', 'sum(tokens)', 'gateway', 'n/a', 'n/a', '{team_improvement}'),
    ('model_bill', 'Model bill', 'cost_diagnostic', 'invoice total', 'vendor invoice', 'reconciled', 'compared with usage', '{budget}'),
    ('resolution_rate', 'Resolution rate', 'quality', 'resolved / opened', 'Zendesk', 'sampled', 'reopen rate', '{team_improvement}');
RESET ROLE;
-- (baseline_required is set by the proposer; the fixture flips it as superuser)
UPDATE ai_value.ai_value_metrics SET baseline_required = false WHERE metric_key = 'complete_value';

-- only governance approves, blocks or sets policies
SET ROLE av_owner;
SELECT public.av_try($$SELECT ai_value.approve_metric('complete_value', 'looks good')$$);
SELECT public.av_try($$SELECT ai_value.block_metric('complete_value', 'no')$$);
SELECT public.av_try($$SELECT ai_value.set_policy('complete_value', 'allow', 'ok')$$);
SELECT public.av_try($$UPDATE ai_value.ai_value_metrics SET status = 'approved' WHERE metric_key = 'complete_value'$$);
RESET ROLE;
SET ROLE av_fin;
SELECT public.av_try($$SELECT ai_value.approve_metric('complete_value', 'looks good')$$);
RESET ROLE;
-- even with a column grant, the trigger refuses status changes by non-governance
GRANT UPDATE (status) ON ai_value.ai_value_metrics TO av_owner;
SET ROLE av_owner;
SELECT public.av_try($$UPDATE ai_value.ai_value_metrics SET status = 'approved' WHERE metric_key = 'complete_value'$$);
SELECT public.av_try($$UPDATE ai_value.ai_value_metrics SET status = 'blocked' WHERE metric_key = 'complete_value'$$);
RESET ROLE;
REVOKE UPDATE (status) ON ai_value.ai_value_metrics FROM av_owner;
SELECT metric_key, status FROM ai_value.ai_value_metrics WHERE metric_key = 'complete_value';

SET ROLE av_gov;
-- AV004 lists every missing field
SELECT public.av_try($$SELECT ai_value.approve_metric('complete_value', 'looks good')$$);
SELECT public.av_try($$SELECT ai_value.approve_metric('empty_value', 'looks good')$$);
SELECT public.av_try($$SELECT ai_value.approve_metric('placeholder_value', 'looks good')$$);
SELECT public.av_try($$SELECT ai_value.approve_metric('placeholder2_value', 'looks good')$$);
-- AV001: activity metrics are never approved; AV002: cost diagnostics neither
SELECT public.av_try($$SELECT ai_value.approve_metric('tokens_team', 'the team wants it')$$);
SELECT public.av_try($$SELECT ai_value.set_policy('tokens_team', 'allow', 'the team wants it')$$);
SELECT public.av_try($$SELECT ai_value.approve_metric('model_bill', 'finance wants it')$$);
-- direct UPDATE runs the same checks
SELECT public.av_try($$UPDATE ai_value.ai_value_metrics SET status = 'approved' WHERE metric_key = 'tokens_team'$$);
SELECT public.av_try($$UPDATE ai_value.ai_value_metrics SET status = 'approved' WHERE metric_key = 'model_bill'$$);
-- bad arguments
SELECT public.av_try($$SELECT ai_value.approve_metric('no_such_metric', 'x')$$);
SELECT public.av_try($$SELECT ai_value.approve_metric('resolution_rate', '   ')$$);
SELECT public.av_try($$SELECT ai_value.set_policy('resolution_rate', NULL, 'x')$$);
RESET ROLE;
-- nothing of the refusals is left
SELECT metric_key, status FROM ai_value.ai_value_metrics ORDER BY 1;
SELECT count(*) AS governance_rules FROM ai_value.metric_policy_rules WHERE approved_by IS NOT NULL;

-- edits cannot take a proposal around the gate: widening the uses of an
-- activity or cost metric, or writing tokens into a value proposal, is refused
SET ROLE av_gov;
SELECT public.av_try($$UPDATE ai_value.ai_value_metrics SET intended_uses = '{budget,ranking}' WHERE metric_key = 'model_bill'$$);
SELECT public.av_try($$UPDATE ai_value.ai_value_metrics SET formula = 'sum(tokens) per rep' WHERE metric_key = 'placeholder_value'$$);
SELECT public.av_try($$UPDATE ai_value.ai_value_metrics SET intended_uses = '{budget}', metric_name = 'Quality spend' WHERE metric_key = 'placeholder_value'$$);
SELECT public.av_try($$UPDATE ai_value.ai_value_metrics SET formula = 'sampled outputs passing the rubric' WHERE metric_key = 'placeholder_value'$$);
SELECT public.av_try($$UPDATE ai_value.ai_value_metrics SET intended_uses = '{cost_diagnostic}' WHERE metric_key = 'model_bill'$$);
RESET ROLE;
SELECT metric_key, status, formula, intended_uses FROM ai_value.ai_value_metrics
 WHERE metric_key IN ('model_bill', 'placeholder_value') ORDER BY 1;

-- approval that passes: status approved, an allow rule by the principal
SET ROLE av_gov;
SELECT d ->> 'status' AS status, d ->> 'policy' AS policy, d ->> 'rationale' AS rationale, d -> 'alternatives' AS alternatives
  FROM ai_value.approve_metric('resolution_rate', 'complete definition with baseline') d;
RESET ROLE;
SELECT m.metric_key, m.status, r.policy, r.approved_by, r.rationale
  FROM ai_value.ai_value_metrics m JOIN ai_value.metric_policy_rules r ON r.metric_id = m.id
 WHERE m.metric_key = 'resolution_rate';
-- an approved metric edited into an activity metric is refused; a harmless edit passes
SET ROLE av_gov;
SELECT public.av_try($$UPDATE ai_value.ai_value_metrics SET formula = 'sum(tokens) per agent' WHERE metric_key = 'resolution_rate'$$);
SELECT public.av_try($$UPDATE ai_value.ai_value_metrics SET quality_gate = 'tbd' WHERE metric_key = 'resolution_rate'$$);
SELECT public.av_try($$UPDATE ai_value.ai_value_metrics SET formula = 'resolved / opened, per week' WHERE metric_key = 'resolution_rate'$$);
RESET ROLE;
SELECT metric_key, formula, updated_at > created_at AS updated_at_moved FROM ai_value.ai_value_metrics WHERE metric_key = 'resolution_rate';
-- metric_key and metric_type are fixed once judged (even with a column grant)
GRANT UPDATE (metric_key, metric_type) ON ai_value.ai_value_metrics TO av_gov;
SET ROLE av_gov;
SELECT public.av_try($$UPDATE ai_value.ai_value_metrics SET metric_key = 'renamed' WHERE metric_key = 'resolution_rate'$$);
SELECT public.av_try($$UPDATE ai_value.ai_value_metrics SET metric_type = 'cost_diagnostic' WHERE metric_key = 'resolution_rate'$$);
RESET ROLE;
REVOKE UPDATE (metric_key, metric_type) ON ai_value.ai_value_metrics FROM av_gov;

-- block_metric: status blocked, block rule with the four alternatives, by the principal
SET ROLE av_gov2;
SELECT d ->> 'status' AS status, d ->> 'policy' AS policy, d ->> 'rationale' AS rationale,
       jsonb_array_length(d -> 'alternatives') AS alternatives
  FROM ai_value.block_metric('resolution_rate', 'gamed by closing tickets early') d;
RESET ROLE;
SELECT r.policy, r.approved_by, r.alternatives FROM ai_value.metric_policy_rules r
  JOIN ai_value.ai_value_metrics m ON m.id = r.metric_id
 WHERE m.metric_key = 'resolution_rate' ORDER BY r.effective_at;
SELECT metric_key, status, policy, rationale FROM ai_value.metric_registry WHERE metric_key = 'resolution_rate';
-- set_policy moves status and policy together
SET ROLE av_gov;
SELECT d ->> 'status' AS status, d ->> 'policy' AS policy
  FROM ai_value.set_policy('resolution_rate', 'allow', 'fixed: tickets reopened within 7 days count as unresolved') d;
SELECT d ->> 'status' AS status, d ->> 'policy' AS policy
  FROM ai_value.set_policy('resolution_rate', 'requires_exception', 'pilot only') d;
SELECT d ->> 'status' AS status, d ->> 'policy' AS policy
  FROM ai_value.set_policy('resolution_rate', 'diagnostic_only', 'used for trend analysis only') d;
SELECT d ->> 'status' AS status, d ->> 'policy' AS policy
  FROM ai_value.set_policy('resolution_rate', 'block', 'retired') d;
-- requires_exception for an activity metric: AV001 (not waivable)
SELECT public.av_try($$SELECT ai_value.set_policy('tokens_team', 'requires_exception', 'pilot')$$);
-- the dual-seat role (team owner and governance) may decide
SET ROLE av_owner_gov;
SELECT (ai_value.block_metric('empty_value', 'incomplete for months')) ->> 'status' AS status;
RESET ROLE;
SELECT m.metric_key, r.policy, p.role_name AS decided_by
  FROM ai_value.metric_policy_rules r
  JOIN ai_value.ai_value_metrics m ON m.id = r.metric_id
  LEFT JOIN ai_value.principals p ON p.person_id = r.approved_by
 ORDER BY r.effective_at, m.metric_key;

-- governance may register a metric directly as approved when the checks pass
SET ROLE av_gov;
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, status, formula, data_source, quality_gate, anti_gaming_check)
VALUES ('direct_approved', 'Defect escape rate', 'quality', 'approved', 'prod defects / all defects', 'Jira', 'triaged defects only', 'sampled triage review');
SELECT public.av_try($$INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, status, formula, data_source, quality_gate, anti_gaming_check)
VALUES ('direct_tokens', 'Tokens per engineer', 'quality', 'approved', 'sum(tokens)', 'gateway', 'x y z', 'a b c')$$);
SELECT public.av_try($$INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, status)
VALUES ('direct_incomplete', 'Defect escape rate', 'quality', 'approved')$$);
-- governance registering a value metric as blocked: kept, with a block rule
-- (and the allow rule above carries the registering governance person)
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, status)
VALUES ('direct_blocked', 'Lines of code', 'quality', 'blocked');
RESET ROLE;
SELECT m.metric_key, m.status, r.policy, r.rationale, p.role_name AS decided_by
  FROM ai_value.ai_value_metrics m LEFT JOIN ai_value.metric_policy_rules r ON r.metric_id = m.id
  LEFT JOIN ai_value.principals p ON p.person_id = r.approved_by
 WHERE m.metric_key LIKE 'direct%' ORDER BY 1;

-- metric_registry: performance admins see no blocked or diagnostic-only metric
SET ROLE av_owner;  SELECT current_user, count(*) AS visible FROM ai_value.metric_registry; RESET ROLE;
SET ROLE av_gov;    SELECT current_user, count(*) AS visible FROM ai_value.metric_registry; RESET ROLE;
SET ROLE av_fin;    SELECT current_user, count(*) AS visible FROM ai_value.metric_registry; RESET ROLE;
SET ROLE av_writer; SELECT current_user, count(*) AS visible FROM ai_value.metric_registry; RESET ROLE;
SET ROLE av_perf;   SELECT current_user, count(*) AS visible FROM ai_value.metric_registry; RESET ROLE;
SET ROLE av_perf;
SELECT metric_key, status, policy FROM ai_value.metric_registry ORDER BY 1;
SELECT public.av_try($$SELECT count(*) FROM ai_value.ai_value_metrics$$);
RESET ROLE;
SET ROLE av_nobody;
SELECT public.av_try($$SELECT count(*) FROM ai_value.metric_registry$$);
RESET ROLE;

-- the vocabulary is governance's and the cache follows it at once
SELECT status FROM ai_value.classify_metric('vibe_hours', 'Vibe coding hours', NULL, NULL, '{ranking}');
SET ROLE av_gov;
INSERT INTO ai_value.activity_terms (term, category, note) VALUES ('vibe coding', 'activity', 'hours of vibe coding');
SELECT status, matched FROM ai_value.classify_metric('vibe_hours', 'Vibe coding hours', NULL, NULL, '{ranking}');
DELETE FROM ai_value.activity_terms WHERE term = 'vibe coding';
SELECT status FROM ai_value.classify_metric('vibe_hours', 'Vibe coding hours', NULL, NULL, '{ranking}');
-- a value phrase added by governance wins over activity words beside it
SELECT status FROM ai_value.classify_metric('m', 'Rate of bot conversations ending in a sale', NULL, NULL, '{team_improvement}');
INSERT INTO ai_value.activity_terms (term, category) VALUES ('a sale', 'value');
SELECT status FROM ai_value.classify_metric('m', 'Rate of bot conversations ending in a sale', NULL, NULL, '{team_improvement}');
RESET ROLE;
SET ROLE av_owner;
SELECT public.av_try($$INSERT INTO ai_value.activity_terms (term, category) VALUES ('sales', 'value')$$);
RESET ROLE;
