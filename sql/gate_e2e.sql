-- gate_e2e: the seed's E2E scenario through the API. A manager (team owner)
-- proposes token_count_per_employee for AI performance ranking; the gate
-- blocks it, the rationale cites Tokenmaxxing, the four value metrics come
-- back as alternatives, the block rule and a usage_rank_chasing alert exist.
\set VERBOSITY terse
\i test/fixtures/setup.sql
SET ROLE av_owner;
CREATE TEMP TABLE e2e AS
SELECT ai_value.post_metric('{
    "metric_key": "token_count_per_employee",
    "metric_name": "Token count per employee",
    "metric_type": "task_completion",
    "formula": "sum(tokens) per employee per month",
    "data_source": "LLM gateway logs",
    "intended_uses": ["ranking", "performance_review"]}') AS doc;
GRANT SELECT ON e2e TO av_gov;
SELECT doc ->> 'metric_key' AS metric_key, doc ->> 'status' AS status, doc ->> 'policy' AS policy,
       (doc ->> 'metric_id')::uuid IS NOT NULL AS has_id
  FROM e2e;
SELECT doc ->> 'rationale' AS rationale FROM e2e;
SELECT doc ->> 'rationale' LIKE 'Tokenmaxxing risk:%' AS cites_tokenmaxxing,
       doc ->> 'rationale' LIKE '%Matched %"tokens" in formula%' AS says_where
  FROM e2e;
SELECT a ->> 'metric_key' AS metric_key, a ->> 'metric_name' AS metric_name, a ->> 'metric_type' AS metric_type,
       length(a ->> 'formula') > 0 AND length(a ->> 'data_source') > 0
       AND length(a ->> 'quality_gate') > 0 AND length(a ->> 'anti_gaming_check') > 0 AS complete
  FROM e2e, jsonb_array_elements(doc -> 'alternatives') a;
SELECT jsonb_object_keys(doc) AS doc_keys FROM e2e ORDER BY 1;
-- the team owner sees the proposal kept as evidence, and the alert
SELECT metric_key, status, owner_id FROM ai_value.ai_value_metrics;
SELECT alert_type, severity, workflow_id, metric_id = (SELECT (doc ->> 'metric_id')::uuid FROM e2e) AS for_metric,
       evidence_json ->> 'rule' AS rule,
       evidence_json -> 'proposal' ->> 'metric_key' AS proposal_key,
       evidence_json -> 'proposal' -> 'intended_uses' AS uses,
       evidence_json -> 'proposal' -> 'matched_terms' -> 0 ->> 'term' AS first_term,
       evidence_json ->> 'window' = (SELECT doc ->> 'metric_id' FROM e2e) AS window_is_metric
  FROM ai_value.gaming_alerts;
SELECT metric_key, status, policy, alternatives FROM ai_value.metric_registry;
RESET ROLE;
-- governance sees the block rule written by the gate (approved_by NULL)
SET ROLE av_gov;
SELECT r.policy, r.approved_by, r.alternatives, r.rationale = (SELECT doc ->> 'rationale' FROM e2e) AS same_rationale
  FROM ai_value.metric_policy_rules r;
-- and cannot approve it: activity metrics are never approved
SELECT public.av_try($$SELECT ai_value.approve_metric('token_count_per_employee', 'ranking is fine')$$) LIKE 'AV001: activity metric "token_count_per_employee" cannot be approved | Tokenmaxxing risk:%' AS av001;
RESET ROLE;
-- the same proposal for finance only is a cost diagnostic
SET ROLE av_owner;
SELECT doc ->> 'status' AS status, doc ->> 'policy' AS policy, doc ->> 'rationale' AS rationale
  FROM (SELECT ai_value.post_metric('{"metric_key": "token_count_finance", "metric_name": "Token count per team",
        "metric_type": "cost_diagnostic", "formula": "sum(tokens) per team", "data_source": "LLM gateway logs",
        "intended_uses": ["budget", "cost_diagnostic"]}') AS doc) s;
-- and an honest value metric is a proposal awaiting governance
SELECT doc ->> 'status' AS status, doc ->> 'policy' AS policy, doc ->> 'rationale' AS rationale, doc -> 'alternatives' AS alternatives
  FROM (SELECT ai_value.post_metric('{"metric_key": "task_completion_rate", "metric_name": "Task completion rate",
        "metric_type": "task_completion", "formula": "completed tasks / assigned tasks", "data_source": "Jira",
        "quality_gate": "acceptance criteria pass", "anti_gaming_check": "reopen rate and sampled review",
        "intended_uses": ["performance_review"]}') AS doc) s;
RESET ROLE;
SELECT alert_type, count(*) FROM ai_value.gaming_alerts GROUP BY 1;
