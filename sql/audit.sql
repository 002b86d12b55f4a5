-- audit: SPEC §8. The rows audit_log holds for each kind of change, who they
-- name, and that audit_log cannot be changed (superuser and replica mode too).
\set VERBOSITY terse
\i test/fixtures/setup.sql
-- the fixture's principals were inserted by the superuser: audited, no actor_id
SELECT action, table_name, row_id, actor_role = session_user AS by_superuser, actor_id, row_count
  FROM ai_value.audit_log ORDER BY id;
CREATE TEMP TABLE mark AS SELECT max(id) AS id FROM ai_value.audit_log;
GRANT SELECT ON mark TO PUBLIC;
CREATE VIEW pg_temp.recent AS
    SELECT a.id, a.action, a.table_name, a.row_id, a.actor_role, a.session_role = session_user AS session_is_login,
           a.actor_id, a.row_count, a.old_row, a.new_row
      FROM ai_value.audit_log a WHERE a.id > (SELECT id FROM mark) ORDER BY a.id;
CREATE FUNCTION pg_temp.remark() RETURNS void LANGUAGE sql AS
    $$UPDATE mark SET id = (SELECT max(id) FROM ai_value.audit_log)$$;

-- 1. a complete value metric, as superuser
INSERT INTO ai_value.ai_value_metrics (id, metric_key, metric_name, metric_type, status, formula, data_source,
                                       baseline_required, quality_gate, anti_gaming_check, intended_uses)
VALUES ('00000000-0000-0000-0000-0000000000a1', 'review_completion_rate', 'Review completion rate', 'task_completion', 'approved',
        'completed reviews / assigned reviews per week', 'review tracker export',
        true, 'reviews pass the checklist sample', 'sampled reviews compared with tracker counts', '{team_improvement}');
SELECT action, table_name, actor_role = session_user AS by_superuser, session_is_login, actor_id,
       new_row - 'id' - 'created_at' - 'updated_at' AS new_row_without_volatile,
       new_row = (SELECT to_jsonb(m) FROM ai_value.ai_value_metrics m WHERE m.metric_key = 'review_completion_rate') AS new_row_is_to_jsonb,
       row_id = (SELECT id::text FROM ai_value.ai_value_metrics WHERE metric_key = 'review_completion_rate') AS row_id_is_id,
       old_row IS NULL AS no_old_row
  FROM pg_temp.recent WHERE table_name = 'ai_value_metrics';
SELECT pg_temp.remark();

-- 2. governance edits a setting through SET ROLE: actor_role is the role,
-- session_role stays the login
SET ROLE av_gov;
UPDATE ai_value.settings SET value = 2.5 WHERE key = 'token_spike_ratio';
RESET ROLE;
SELECT action, table_name, row_id, actor_role, session_is_login, actor_id, row_count,
       old_row, new_row FROM pg_temp.recent;
SELECT pg_temp.remark();

-- 3. activity_terms: insert, update, delete by governance
SET ROLE av_gov;
INSERT INTO ai_value.activity_terms (term, category, note) VALUES ('burnrate', 'activity', 'test term');
UPDATE ai_value.activity_terms SET note = 'edited' WHERE term = 'burnrate';
DELETE FROM ai_value.activity_terms WHERE term = 'burnrate';
RESET ROLE;
SELECT action, row_id, actor_role, actor_id, old_row, new_row FROM pg_temp.recent;
SELECT pg_temp.remark();

-- 4. a policy rule by governance: approved_by comes from principals
SET ROLE av_gov;
INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale, effective_at)
SELECT id, 'allow', 'complete value metric with baseline and evidence', '2026-01-01 00:00+00'
  FROM ai_value.ai_value_metrics WHERE metric_key = 'review_completion_rate';
RESET ROLE;
SELECT action, table_name, actor_role, actor_id, new_row ->> 'approved_by' AS approved_by, new_row ->> 'policy' AS policy
  FROM pg_temp.recent WHERE table_name = 'metric_policy_rules';
SELECT pg_temp.remark();

-- 5. principals: update and delete (a DBA task)
INSERT INTO ai_value.principals VALUES ('av_temp', '77777777-7777-7777-7777-777777777777', 'Temp');
UPDATE ai_value.principals SET display_name = 'Temp Person' WHERE role_name = 'av_temp';
DELETE FROM ai_value.principals WHERE role_name = 'av_temp';
SELECT action, row_id, old_row, new_row FROM pg_temp.recent;
SELECT pg_temp.remark();

-- 6. an exception requested by a team owner (requested_by from principals)
SET ROLE av_owner;
INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at)
SELECT id, 'pilot team needs a comparison quarter', now() + interval '30 days'
  FROM ai_value.ai_value_metrics WHERE metric_key = 'review_completion_rate';
RESET ROLE;
SELECT action, table_name, actor_role, actor_id, new_row ->> 'requested_by' AS requested_by, new_row ->> 'status' AS status
  FROM pg_temp.recent WHERE table_name = 'metric_exceptions';
SELECT pg_temp.remark();

-- 7. outcomes: one summary row per INSERT statement
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
SELECT ('a0000000-0000-0000-0000-00000000000' || g)::uuid, m.id, 0.50, 0.60 + g / 100.0, 'tracker-export-' || g
  FROM ai_value.ai_value_metrics m, generate_series(1, 4) g WHERE m.metric_key = 'review_completion_rate';
SET ROLE av_writer;
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
SELECT 'a0000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000000', 1, 1, 'x' WHERE false;
RESET ROLE;
SET ROLE av_owner;
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref, evidence_kind)
SELECT 'a0000000-0000-0000-0000-000000000005', id, 0.50, 0.65, 'review-sample-17', 'sampled_review'
  FROM ai_value.ai_value_metrics WHERE metric_key = 'review_completion_rate';
RESET ROLE;
SELECT action, table_name, row_id, CASE WHEN actor_role = session_user THEN '(superuser)' ELSE actor_role END AS actor,
       actor_id, row_count, old_row, new_row
  FROM pg_temp.recent;
SELECT pg_temp.remark();
-- updates and deletes: row by row with both images
UPDATE ai_value.ai_workflow_outcomes SET evidence_ref = evidence_ref || '-rev'
 WHERE workflow_id IN ('a0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000002');
DELETE FROM ai_value.ai_workflow_outcomes WHERE workflow_id = 'a0000000-0000-0000-0000-000000000003';
SELECT action, old_row ->> 'evidence_ref' AS old_ref, new_row ->> 'evidence_ref' AS new_ref, row_count,
       row_id = COALESCE(new_row, old_row) ->> 'id' AS row_id_matches
  FROM pg_temp.recent ORDER BY action DESC, old_ref;
SELECT pg_temp.remark();

-- COPY is one statement: one summary row; ON CONFLICT DO NOTHING counts only
-- the rows inserted, and a statement that inserts none writes no summary
COPY ai_value.ai_workflow_outcomes (id, workflow_id, metric_id, baseline_value, observed_value, evidence_ref) FROM STDIN;
c0000000-0000-0000-0000-000000000001	a0000000-0000-0000-0000-000000000006	00000000-0000-0000-0000-0000000000a1	0.50	0.61	copy-1
c0000000-0000-0000-0000-000000000002	a0000000-0000-0000-0000-000000000006	00000000-0000-0000-0000-0000000000a1	0.50	0.62	copy-2
c0000000-0000-0000-0000-000000000003	a0000000-0000-0000-0000-000000000006	00000000-0000-0000-0000-0000000000a1	0.50	0.63	copy-3
\.
INSERT INTO ai_value.ai_workflow_outcomes (id, workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
VALUES ('c0000000-0000-0000-0000-000000000003', 'a0000000-0000-0000-0000-000000000006', '00000000-0000-0000-0000-0000000000a1', 0.5, 0.7, 'dup'),
       ('c0000000-0000-0000-0000-000000000004', 'a0000000-0000-0000-0000-000000000006', '00000000-0000-0000-0000-0000000000a1', 0.5, 0.64, 'copy-4')
ON CONFLICT (id) DO NOTHING;
INSERT INTO ai_value.ai_workflow_outcomes (id, workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
VALUES ('c0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000006', '00000000-0000-0000-0000-0000000000a1', 0.5, 0.7, 'dup')
ON CONFLICT (id) DO NOTHING;
SELECT action, table_name, row_id, row_count FROM pg_temp.recent;
SELECT pg_temp.remark();
-- an upsert on a governance table: the inserted row and the updated row
SET ROLE av_gov;
INSERT INTO ai_value.activity_terms (term, category, note) VALUES ('burnrate', 'activity', 'first');
INSERT INTO ai_value.activity_terms (term, category, note) VALUES ('burnrate', 'activity', 'upserted'), ('churnrate', 'activity', 'new')
ON CONFLICT (term) DO UPDATE SET note = EXCLUDED.note;
RESET ROLE;
SELECT action, row_id, old_row ->> 'note' AS old_note, new_row ->> 'note' AS new_note FROM pg_temp.recent;
SELECT pg_temp.remark();

-- 8. diagnostics
INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end, prompt_count)
VALUES ('a0000000-0000-0000-0000-000000000001', 7000, 'model-a', 1.40, '2026-01-01', '2026-01-08', 70),
       ('a0000000-0000-0000-0000-000000000001', 7000, 'model-a', 1.40, '2026-01-08', '2026-01-15', 70),
       ('a0000000-0000-0000-0000-000000000002', 3500, 'model-b', 0.70, '2026-01-01', '2026-01-08', 35);
SET ROLE av_fin;
INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end)
VALUES ('a0000000-0000-0000-0000-000000000002', 3500, 'model-b', 0.70, '2026-01-08', '2026-01-15');
RESET ROLE;
UPDATE ai_value.token_cost_diagnostics SET diagnostic_note = 'checked' WHERE workflow_id = 'a0000000-0000-0000-0000-000000000002';
DELETE FROM ai_value.token_cost_diagnostics WHERE period_start = '2026-01-01' AND workflow_id = 'a0000000-0000-0000-0000-000000000001';
SELECT action, actor_role = session_user AS by_superuser, actor_id, row_count, row_id IS NULL AS summary,
       old_row ->> 'diagnostic_note' AS old_note, new_row ->> 'diagnostic_note' AS new_note, COALESCE(old_row, new_row) ->> 'model' AS model
  FROM pg_temp.recent ORDER BY id;
SELECT pg_temp.remark();

-- 9. alerts: UPDATE and DELETE audited, INSERT not
INSERT INTO ai_value.gaming_alerts (workflow_id, alert_type, severity, evidence_json)
VALUES ('a0000000-0000-0000-0000-000000000009', 'self_report_mismatch', 'low', '{"rule": "regress", "window": "w1"}');
UPDATE ai_value.gaming_alerts SET severity = 'medium' WHERE workflow_id = 'a0000000-0000-0000-0000-000000000009';
DELETE FROM ai_value.gaming_alerts WHERE workflow_id = 'a0000000-0000-0000-0000-000000000009';
SELECT action, table_name, old_row ->> 'severity' AS old_severity, new_row ->> 'severity' AS new_severity
  FROM pg_temp.recent;
SELECT pg_temp.remark();

-- 10. replica mode switches nothing off
SET session_replication_role = replica;
UPDATE ai_value.settings SET value = 45 WHERE key = 'alert_open_days';
SELECT action, row_id, old_row ->> 'value' AS old_value, new_row ->> 'value' AS new_value FROM pg_temp.recent;
SELECT av_try($$UPDATE ai_value.audit_log SET actor_role = 'nobody'$$);
SELECT av_try($$DELETE FROM ai_value.audit_log$$);
SELECT av_try($$TRUNCATE ai_value.audit_log$$);
SELECT av_try($$INSERT INTO ai_value.audit_log (actor_role, session_role, action, table_name) VALUES ('x', 'x', 'INSERT', 'x')$$);
SELECT av_try($$TRUNCATE ai_value.settings$$);
RESET session_replication_role;
SELECT pg_temp.remark();

-- 11. append-only for the superuser and for governance; restore mode does
-- not open UPDATE or DELETE either
SELECT av_try($$UPDATE ai_value.audit_log SET actor_role = 'nobody'$$);
SELECT av_try($$DELETE FROM ai_value.audit_log WHERE id = (SELECT max(id) FROM ai_value.audit_log)$$);
SELECT av_try($$TRUNCATE ai_value.audit_log$$);
SELECT av_try($$INSERT INTO ai_value.audit_log (actor_role, session_role, action, table_name) VALUES ('x', 'x', 'INSERT', 'x')$$);
SET aivalue.restoring = on;
SELECT av_try($$UPDATE ai_value.audit_log SET actor_role = 'nobody'$$);
SELECT av_try($$DELETE FROM ai_value.audit_log$$);
SELECT av_try($$TRUNCATE ai_value.audit_log$$);
RESET aivalue.restoring;
SET ROLE av_gov;
SELECT av_try($$UPDATE ai_value.audit_log SET actor_role = 'nobody'$$);
SELECT av_try($$DELETE FROM ai_value.audit_log$$);
SELECT av_try($$TRUNCATE ai_value.audit_log$$);
SELECT av_try($$INSERT INTO ai_value.audit_log (actor_role, session_role, action, table_name) VALUES ('x', 'x', 'INSERT', 'x')$$);
SELECT av_try($$ALTER TABLE ai_value.audit_log DISABLE TRIGGER ALL$$);
SELECT av_try($$SET session_replication_role = replica$$);
RESET ROLE;
SET ROLE av_owner;
SELECT av_try($$SELECT count(*) FROM ai_value.audit_log$$);
RESET ROLE;
-- nothing above left a trace, and no audit row is missing
SELECT count(*) AS rows_since_mark FROM pg_temp.recent;
SELECT bool_and(actor_role <> 'nobody' AND table_name <> 'x') AS untouched FROM ai_value.audit_log;
