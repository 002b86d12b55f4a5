-- checks_rollups: outcome_rollups stay equal to the aggregate of the
-- outcomes through INSERT, multi-row INSERT, UPDATE (in and across groups),
-- DELETE and restore mode; rebuild_rollups() repairs a bypassed load.
\set VERBOSITY terse
\i test/fixtures/setup.sql
\i test/fixtures/checks_metrics.sql
CREATE VIEW public.rollup_diff AS
WITH truth AS (
    SELECT workflow_id, metric_id, evidence_kind, count(*) AS outcomes_n, count(baseline_value) AS baseline_n,
           COALESCE(sum(baseline_value), 0) AS baseline_sum, sum(observed_value) AS observed_sum,
           min(measured_at) AS first_measured_at, max(measured_at) AS last_measured_at
      FROM ai_value.ai_workflow_outcomes GROUP BY 1, 2, 3)
SELECT count(*) AS mismatches FROM (
    (SELECT * FROM truth EXCEPT SELECT * FROM ai_value.outcome_rollups)
    UNION ALL
    (SELECT * FROM ai_value.outcome_rollups EXCEPT SELECT * FROM truth)) d;

INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind)
SELECT ('f0000000-0000-0000-0000-00000000000' || (g % 3 + 1))::uuid,
       CASE WHEN g % 2 = 0 THEN 'a0000000-0000-0000-0000-000000000001' ELSE 'a0000000-0000-0000-0000-000000000002' END::uuid,
       g, g * 2, 'log:' || g, now() - g * interval '1 hour',
       (ARRAY['system_log', 'sampled_review', 'self_report'])[g % 3 + 1]::ai_value.evidence_kind
  FROM generate_series(1, 300) g;
-- rows without a baseline only arrive by restore now (every approved metric requires one)
SET aivalue.restoring = on;
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, observed_value, evidence_ref, evidence_kind)
VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000008', 4, 's:1', 'customer_feedback');
RESET aivalue.restoring;
SELECT count(*) AS rollup_rows, sum(outcomes_n) AS outcomes FROM ai_value.outcome_rollups;
SELECT * FROM public.rollup_diff;
-- single-row statements (their own plan) into an existing group, earlier and later than its rows
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind)
VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000008', 2, 5, 'one:1', now() - interval '1 year', 'customer_feedback');
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind)
VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000008', 7, 5, 'one:2', now() + interval '1 hour', 'customer_feedback');
SELECT * FROM public.rollup_diff;

-- update values within groups, and the earliest row of a group
UPDATE ai_value.ai_workflow_outcomes SET observed_value = observed_value + 1, baseline_value = baseline_value * 3
 WHERE evidence_ref IN ('log:3', 'log:4', 'log:300');
UPDATE ai_value.ai_workflow_outcomes SET baseline_value = 1 WHERE evidence_ref = 'one:1';
SET aivalue.restoring = on;
UPDATE ai_value.ai_workflow_outcomes SET baseline_value = NULL WHERE evidence_ref = 'one:2';
RESET aivalue.restoring;
UPDATE ai_value.ai_workflow_outcomes SET baseline_value = 3 WHERE evidence_ref = 's:1';
UPDATE ai_value.ai_workflow_outcomes SET measured_at = measured_at + interval '1 year' WHERE evidence_ref = 'log:9';
SELECT * FROM public.rollup_diff;
-- move rows across groups (workflow and evidence kind), creating a new group
UPDATE ai_value.ai_workflow_outcomes SET workflow_id = 'f0000000-0000-0000-0000-000000000009'
 WHERE evidence_ref IN ('log:10', 'log:11', 'log:12');
UPDATE ai_value.ai_workflow_outcomes SET evidence_kind = 'customer_feedback' WHERE evidence_ref LIKE 'log:2_';
SELECT * FROM public.rollup_diff;
-- delete part of a group, then a whole group (its rollup row disappears)
DELETE FROM ai_value.ai_workflow_outcomes WHERE evidence_ref IN ('log:1', 'log:2');
DELETE FROM ai_value.ai_workflow_outcomes WHERE workflow_id = 'f0000000-0000-0000-0000-000000000009';
SELECT * FROM public.rollup_diff;
SELECT count(*) AS group_9 FROM ai_value.outcome_rollups WHERE workflow_id = 'f0000000-0000-0000-0000-000000000009';
-- a statement touching no row changes nothing
DELETE FROM ai_value.ai_workflow_outcomes WHERE false;
UPDATE ai_value.ai_workflow_outcomes SET observed_value = 0 WHERE false;
SELECT * FROM public.rollup_diff;
-- a refused statement leaves the rollups as they were
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000001', 1, 1, 'x'),
           ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000003', 1, 1, 'y')$$) AS refused;
SELECT * FROM public.rollup_diff;
-- restore mode still maintains rollups
SET aivalue.restoring = on;
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
VALUES ('f0000000-0000-0000-0000-000000000005', 'a0000000-0000-0000-0000-000000000003', 1, 7, 'restored');
RESET aivalue.restoring;
SELECT * FROM public.rollup_diff;
-- a load with the triggers disabled leaves them stale; rebuild_rollups() repairs
ALTER TABLE ai_value.ai_workflow_outcomes DISABLE TRIGGER av_80_rollup_ins;
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
VALUES ('f0000000-0000-0000-0000-000000000006', 'a0000000-0000-0000-0000-000000000001', 1, 7, 'bypass');
ALTER TABLE ai_value.ai_workflow_outcomes ENABLE ALWAYS TRIGGER av_80_rollup_ins;
SELECT * FROM public.rollup_diff;
SELECT ai_value.rebuild_rollups() > 0 AS rebuilt;
SELECT * FROM public.rollup_diff;
-- rollups are not dumped and not readable by any role
SELECT count(*) AS dumped FROM pg_extension e, unnest(e.extconfig) c WHERE e.extname = 'aivalue' AND c = 'ai_value.outcome_rollups'::regclass;
SELECT r AS role, has_table_privilege(r, 'ai_value.outcome_rollups', 'SELECT') AS can_read
  FROM unnest(ARRAY['ai_value_team_owner', 'ai_value_governance', 'ai_value_finance', 'ai_value_performance_admin', 'ai_value_writer']) r;
SELECT has_function_privilege('ai_value_governance', 'ai_value.rebuild_rollups()', 'EXECUTE') AS gov_can_rebuild;
DROP VIEW public.rollup_diff;
