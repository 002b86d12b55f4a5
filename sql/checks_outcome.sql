-- checks_outcome: the outcome guard (SPEC §5) — every refusal path with its
-- SQLSTATE and words, nothing left behind, the cache following changes.
\set VERBOSITY terse
\i test/fixtures/setup.sql
\i test/fixtures/checks_metrics.sql

-- accepted: approved metric with baseline and evidence
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000001', 0.6, 0.8, 'jira:export-1')$$) AS approved;
-- accepted: another approved metric, customer feedback as evidence
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref, evidence_kind)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000008', 4.0, 4.5, 'survey:7', 'customer_feedback')$$) AS customer_feedback;

-- AV001: blocked with a rule (DETAIL rationale, HINT alternatives)
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000003', 1, 2, 'gw:1')$$) AS blocked;
-- AV001: another activity metric (the gate's rule names what matched)
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000009', 1, 2, 'gw:1')$$) AS blocked_no_rule;
-- AV001 comes before AV004: a blocked metric with no baseline and blank evidence is still AV001
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000003', 2, ' ')$$) AS blocked_first;
-- AV002: diagnostic-only
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000004', 1, 2, 'inv:1')$$) AS diagnostic_only;
-- AV003: proposed, deprecated, requires_exception without an exception
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000005', 1, 2, 'rv:1')$$) AS proposed;
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000006', 1, 2, 'old:1')$$) AS deprecated;
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000007', 1, 2, 'rv:2')$$) AS requires_exception;
-- AV004: no baseline; blank evidence (spaces, tab, zero-width space, NBSP)
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000001', 0.8, 'jira:2')$$) AS no_baseline;
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000001', 0.6, 0.8, E' \t ')$$) AS blank_evidence;
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000001', 0.6, 0.8, E'\u200b\u00a0')$$) AS invisible_evidence;
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000001', 0.6, 0.8, '')$$) AS empty_evidence;
-- unknown metric: the foreign key reports it
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-0000000000ff', 1, 2, 'x:1')$$) AS unknown_metric;
-- one bad row refuses the whole statement
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    SELECT 'f0000000-0000-0000-0000-000000000001', m, 1, 2, 'x:' || g
      FROM generate_series(1, 50) g,
           LATERAL (SELECT CASE WHEN g = 50 THEN 'a0000000-0000-0000-0000-000000000003'
                                ELSE 'a0000000-0000-0000-0000-000000000001' END::uuid AS m) s$$) AS bulk_with_one_blocked;

-- nothing left behind: two accepted rows, their rollups and two audit summaries
SELECT count(*) AS outcomes FROM ai_value.ai_workflow_outcomes;
SELECT count(*) AS rollup_rows, sum(outcomes_n) AS rolled_up FROM ai_value.outcome_rollups;
SELECT action, row_count FROM ai_value.audit_log WHERE table_name = 'ai_workflow_outcomes' ORDER BY id;

-- UPDATE is judged too
SELECT av_try($$UPDATE ai_value.ai_workflow_outcomes SET metric_id = 'a0000000-0000-0000-0000-000000000003'
    WHERE metric_id = 'a0000000-0000-0000-0000-000000000001'$$) AS update_to_blocked;
SELECT av_try($$UPDATE ai_value.ai_workflow_outcomes SET baseline_value = NULL
    WHERE metric_id = 'a0000000-0000-0000-0000-000000000001'$$) AS update_drop_baseline;
SELECT av_try($$UPDATE ai_value.ai_workflow_outcomes SET observed_value = 0.9
    WHERE metric_id = 'a0000000-0000-0000-0000-000000000001'$$) AS update_ok;
SELECT metric_id, observed_value FROM ai_value.ai_workflow_outcomes ORDER BY metric_id;

-- the roles: writers and team owners record, others may not
SET ROLE av_writer;
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000001', 0.6, 0.7, 'jira:3')$$) AS writer;
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000003', 1, 2, 'gw:2')$$) AS writer_blocked;
SET ROLE av_owner;
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000002', 30, 20, 'log:1')$$) AS owner;
SET ROLE av_perf;
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000002', 30, 20, 'log:2')$$) AS perf_admin;
SET ROLE av_fin;
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000002', 30, 20, 'log:3')$$) AS finance;
RESET ROLE;

-- The cache follows changes in this session: warm it, block the metric,
-- the next insert is refused.
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000002', 'a0000000-0000-0000-0000-000000000002', 30, 25, 'log:4')$$) AS warm;
UPDATE ai_value.ai_value_metrics SET status = 'blocked' WHERE metric_key = 'actual_time_saved';
INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale, alternatives)
    VALUES ('a0000000-0000-0000-0000-000000000002', 'block', 'Governance blocked it after gaming was found.', '{task_completion_rate}');
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000002', 'a0000000-0000-0000-0000-000000000002', 30, 25, 'log:5')$$) AS after_block;
-- inside one transaction too (same command sequence, no new transaction)
BEGIN;
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000002', 'a0000000-0000-0000-0000-000000000001', 0.5, 0.6, 'jira:9')$$) AS in_tx_ok;
UPDATE ai_value.ai_value_metrics SET status = 'deprecated' WHERE metric_key = 'task_completion_rate';
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000002', 'a0000000-0000-0000-0000-000000000001', 0.5, 0.6, 'jira:10')$$) AS in_tx_deprecated;
ROLLBACK;
-- the rolled-back change is forgotten by the cache as well
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000002', 'a0000000-0000-0000-0000-000000000001', 0.5, 0.6, 'jira:11')$$) AS after_rollback;

-- A rule that takes effect later is judged at check time: allowed now,
-- blocked once its effective_at has passed, with no invalidation in between.
INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale, effective_at)
    VALUES ('a0000000-0000-0000-0000-000000000008', 'block', 'Survey found to be gamed.', clock_timestamp() + interval '1 second');
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000002', 'a0000000-0000-0000-0000-000000000008', 3, 4, 'survey:8')$$) AS before_rule;
SELECT pg_sleep(1.2);
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000002', 'a0000000-0000-0000-0000-000000000008', 3, 4, 'survey:9')$$) AS after_rule;

-- Restore mode: restored rows were judged when first written.
SET aivalue.restoring = on;
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000003', 'a0000000-0000-0000-0000-000000000003', 1, 2, 'restored:1')$$) AS restoring;
RESET aivalue.restoring;
SELECT count(*) AS restored_rollup FROM ai_value.outcome_rollups WHERE workflow_id = 'f0000000-0000-0000-0000-000000000003';
-- a non-superuser cannot claim restore mode
SET ROLE av_writer;
SET application_name = 'pg_restore';
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000003', 'a0000000-0000-0000-0000-000000000003', 1, 2, 'fake:1')$$) AS fake_restore;
RESET application_name;
RESET ROLE;

-- COPY is checked the same way, and a refused COPY leaves nothing behind
SELECT count(*) AS before_copy FROM ai_value.ai_workflow_outcomes;
COPY ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref) FROM stdin;
f0000000-0000-0000-0000-000000000004	a0000000-0000-0000-0000-000000000001	0.5	0.6	copy:1
f0000000-0000-0000-0000-000000000004	a0000000-0000-0000-0000-000000000001	0.5	0.7	copy:2
\.
COPY ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref) FROM stdin;
f0000000-0000-0000-0000-000000000004	a0000000-0000-0000-0000-000000000001	0.5	0.6	copy:3
f0000000-0000-0000-0000-000000000004	a0000000-0000-0000-0000-000000000004	0.5	0.6	copy:4
\.
SELECT count(*) AS after_copy FROM ai_value.ai_workflow_outcomes;
SELECT outcomes_n, observed_sum FROM ai_value.outcome_rollups WHERE workflow_id = 'f0000000-0000-0000-0000-000000000004';

-- the trigger function refuses to be misused
CREATE TABLE public.not_outcomes (x int);
CREATE TRIGGER t AFTER INSERT ON public.not_outcomes FOR EACH ROW EXECUTE FUNCTION ai_value.check_outcome();
SELECT av_try('INSERT INTO public.not_outcomes VALUES (1)') AS misuse;
DROP TABLE public.not_outcomes;
