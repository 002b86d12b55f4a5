-- 03_audit: SPEC §8. Who did what is recorded for every change of the
-- governance tables, per statement for outcome and diagnostics inserts, per
-- row for their updates and deletes; audit_log cannot be changed by anyone,
-- and no table of the extension can be truncated.
BEGIN;
SET LOCAL client_min_messages = warning;

CREATE ROLE ft_gov NOLOGIN IN ROLE ai_value_governance;
CREATE ROLE ft_owner NOLOGIN IN ROLE ai_value_team_owner;
CREATE ROLE ft_writer NOLOGIN IN ROLE ai_value_writer;
INSERT INTO ai_value.principals (role_name, person_id, display_name) VALUES
    ('ft_gov',    'f2222222-2222-2222-2222-222222222222', 'FT Governance'),
    ('ft_owner',  'f1111111-1111-1111-1111-111111111111', 'FT Owner'),
    ('ft_writer', 'f5555555-5555-5555-5555-555555555555', 'FT Writer');

-- err(sql): 'ok' or the SQLSTATE the statement failed with (nothing kept).
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE st text;
BEGIN
    BEGIN
        EXECUTE q;
        RETURN 'ok';
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
        RETURN st;
    END;
END
$f$;
-- truncate_all(): every table of ai_value that TRUNCATE did not refuse with 42501.
CREATE FUNCTION pg_temp.truncate_all() RETURNS SETOF text LANGUAGE plpgsql AS $f$
DECLARE t record; st text;
BEGIN
    FOR t IN SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p') LOOP
        st := pg_temp.err(format('TRUNCATE ai_value.%I CASCADE', t.relname));
        IF st <> '42501' THEN RETURN NEXT t.relname || ': ' || st; END IF;
        st := pg_temp.err(format('TRUNCATE ONLY ai_value.%I', t.relname));
        -- TRUNCATE ONLY of a referenced table already fails on the foreign key
        IF st NOT IN ('42501', '0A000') THEN RETURN NEXT t.relname || ' (ONLY): ' || st; END IF;
    END LOOP;
END
$f$;

-- Newest audit rows for a table after a mark.
CREATE TEMP TABLE mark AS SELECT COALESCE(max(id), 0) AS id FROM ai_value.audit_log;
CREATE FUNCTION pg_temp.since(tab name) RETURNS SETOF ai_value.audit_log LANGUAGE sql AS
    $$SELECT * FROM ai_value.audit_log WHERE id > (SELECT id FROM mark) AND table_name = tab ORDER BY id$$;
CREATE FUNCTION pg_temp.remark() RETURNS void LANGUAGE sql AS
    $$UPDATE mark SET id = (SELECT COALESCE(max(id), 0) FROM ai_value.audit_log)$$;

SELECT plan(59);

-- A complete value metric, inserted as superuser (no principal: actor_id NULL).
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, status, formula, data_source,
                                       baseline_required, quality_gate, anti_gaming_check, intended_uses)
VALUES ('ft_review_completion', 'Review completion rate', 'task_completion', 'approved',
        'completed reviews / assigned reviews per week', 'review tracker export',
        true, 'reviews pass the checklist sample', 'sampled reviews compared with tracker counts', '{team_improvement}');
CREATE TEMP TABLE m AS SELECT * FROM ai_value.ai_value_metrics WHERE metric_key = 'ft_review_completion';
GRANT SELECT ON m TO PUBLIC;

SELECT is((SELECT count(*)::int FROM pg_temp.since('ai_value_metrics') WHERE action = 'INSERT'), 1,
          'metrics INSERT: one audit row');
SELECT is((SELECT new_row FROM pg_temp.since('ai_value_metrics') WHERE action = 'INSERT'),
          (SELECT to_jsonb(x) FROM ai_value.ai_value_metrics x WHERE x.id = (SELECT id FROM m)),
          'metrics INSERT: new_row is to_jsonb of the stored row');
SELECT ok((SELECT actor_role = current_user AND session_role = session_user AND actor_id IS NULL AND old_row IS NULL
                  AND row_id = (SELECT id::text FROM m) AND row_count = 1
             FROM pg_temp.since('ai_value_metrics') WHERE action = 'INSERT'),
          'metrics INSERT: actor and session are the superuser, no principal, row_id is the id');

-- governance edits a setting through SET ROLE: actor_role differs from session_role
SELECT pg_temp.remark();
CREATE TEMP TABLE old_setting AS SELECT to_jsonb(s) AS j FROM ai_value.settings s WHERE key = 'token_spike_ratio';
SET LOCAL ROLE ft_gov;
UPDATE ai_value.settings SET value = 2.5 WHERE key = 'token_spike_ratio';
RESET ROLE;
SELECT is((SELECT count(*)::int FROM pg_temp.since('settings')), 1, 'settings UPDATE: one audit row');
SELECT is((SELECT actor_role::text FROM pg_temp.since('settings')), 'ft_gov', 'settings UPDATE: actor_role is the role SET ROLE chose');
SELECT is((SELECT session_role::text FROM pg_temp.since('settings')), session_user::text, 'settings UPDATE: session_role is the login');
SELECT is((SELECT actor_id FROM pg_temp.since('settings')), 'f2222222-2222-2222-2222-222222222222'::uuid,
          'settings UPDATE: actor_id is the governance person from principals');
SELECT is((SELECT old_row FROM pg_temp.since('settings')), (SELECT j FROM old_setting), 'settings UPDATE: old_row is to_jsonb of the old row');
SELECT is((SELECT new_row FROM pg_temp.since('settings')), (SELECT to_jsonb(s) FROM ai_value.settings s WHERE key = 'token_spike_ratio'),
          'settings UPDATE: new_row is to_jsonb of the new row');
SELECT is((SELECT action || ' ' || row_id FROM pg_temp.since('settings')), 'UPDATE token_spike_ratio', 'settings UPDATE: row_id is the key');

-- governance maintains activity_terms: INSERT, UPDATE, DELETE each audited
SELECT pg_temp.remark();
SET LOCAL ROLE ft_gov;
INSERT INTO ai_value.activity_terms (term, category, note) VALUES ('ftburn', 'activity', 'test term');
UPDATE ai_value.activity_terms SET note = 'edited' WHERE term = 'ftburn';
DELETE FROM ai_value.activity_terms WHERE term = 'ftburn';
RESET ROLE;
SELECT is((SELECT array_agg(action || ':' || row_id || ':' || actor_role ORDER BY id) FROM pg_temp.since('activity_terms')),
          ARRAY['INSERT:ftburn:ft_gov', 'UPDATE:ftburn:ft_gov', 'DELETE:ftburn:ft_gov'],
          'activity_terms INSERT, UPDATE, DELETE: one row each, by governance');
SELECT is((SELECT array_agg(COALESCE(old_row ->> 'note', '-') || '>' || COALESCE(new_row ->> 'note', '-') ORDER BY id) FROM pg_temp.since('activity_terms')),
          ARRAY['->test term', 'test term>edited', 'edited>-'], 'activity_terms: old_row and new_row carry the images');

-- policy rules (approved_by from principals), principals, exceptions
SELECT pg_temp.remark();
SET LOCAL ROLE ft_gov;
INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale)
SELECT id, 'allow', 'complete value metric with baseline and evidence' FROM m;
RESET ROLE;
SELECT is((SELECT count(*)::int FROM pg_temp.since('metric_policy_rules') WHERE action = 'INSERT' AND actor_role = 'ft_gov'), 1,
          'policy rules INSERT by governance: one audit row');
SELECT is((SELECT (new_row ->> 'approved_by')::uuid FROM pg_temp.since('metric_policy_rules') WHERE actor_role = 'ft_gov'),
          'f2222222-2222-2222-2222-222222222222'::uuid, 'policy rules INSERT: new_row shows approved_by filled from principals');

SELECT pg_temp.remark();
INSERT INTO ai_value.principals VALUES ('ft_someone', 'f9999999-9999-9999-9999-999999999999', 'Someone');
UPDATE ai_value.principals SET display_name = 'Someone Else' WHERE role_name = 'ft_someone';
DELETE FROM ai_value.principals WHERE role_name = 'ft_someone';
SELECT is((SELECT array_agg(action || ':' || row_id ORDER BY id) FROM pg_temp.since('principals')),
          ARRAY['INSERT:ft_someone', 'UPDATE:ft_someone', 'DELETE:ft_someone'], 'principals INSERT, UPDATE, DELETE audited');
SELECT is((SELECT old_row ->> 'display_name' FROM pg_temp.since('principals') WHERE action = 'DELETE'), 'Someone Else',
          'principals DELETE: old_row keeps the deleted row');

SELECT pg_temp.remark();
INSERT INTO ai_value.metric_exceptions (metric_id, requested_by, reason, expires_at)
SELECT id, 'f1111111-1111-1111-1111-111111111111', 'pilot team needs a comparison quarter', now() + interval '30 days' FROM m;
UPDATE ai_value.metric_exceptions SET status = 'rejected', decided_at = now(), decision_note = 'noted' WHERE metric_id = (SELECT id FROM m);
DELETE FROM ai_value.metric_exceptions WHERE metric_id = (SELECT id FROM m);
SELECT is((SELECT array_agg(action ORDER BY id) FROM pg_temp.since('metric_exceptions')),
          ARRAY['INSERT', 'UPDATE', 'DELETE'], 'metric_exceptions INSERT, UPDATE, DELETE audited');

-- metrics UPDATE and DELETE
SELECT pg_temp.remark();
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, intended_uses)
VALUES ('ft_short_lived', 'Short-lived quality score', 'quality', '{team_improvement}');
UPDATE ai_value.ai_value_metrics SET metric_name = 'Short-lived quality score v2' WHERE metric_key = 'ft_short_lived';
DELETE FROM ai_value.metric_policy_rules WHERE metric_id = (SELECT id FROM ai_value.ai_value_metrics WHERE metric_key = 'ft_short_lived');
DELETE FROM ai_value.gaming_alerts WHERE metric_id = (SELECT id FROM ai_value.ai_value_metrics WHERE metric_key = 'ft_short_lived');
DELETE FROM ai_value.ai_value_metrics WHERE metric_key = 'ft_short_lived';
SELECT is((SELECT array_agg(action ORDER BY id) FROM pg_temp.since('ai_value_metrics')),
          ARRAY['INSERT', 'UPDATE', 'DELETE'], 'metrics INSERT, UPDATE, DELETE audited row by row');
SELECT is((SELECT (old_row ->> 'metric_name') || ' > ' || (new_row ->> 'metric_name') FROM pg_temp.since('ai_value_metrics') WHERE action = 'UPDATE'),
          'Short-lived quality score > Short-lived quality score v2', 'metrics UPDATE: both images');

-- outcomes: one summary row per INSERT statement, with its row count
SELECT pg_temp.remark();
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
SELECT ('a0000000-0000-0000-0000-00000000000' || g)::uuid, (SELECT id FROM m), 0.50, 0.60 + g / 100.0, 'tracker-export-' || g
  FROM generate_series(1, 3) g;
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
SELECT 'a0000000-0000-0000-0000-000000000001'::uuid, id, 0.50, 0.70, 'tracker-export-9' FROM m
UNION ALL
SELECT 'a0000000-0000-0000-0000-000000000002', id, 0.50, 0.71, 'tracker-export-10' FROM m;
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
SELECT workflow_id, metric_id, baseline_value, observed_value, evidence_ref FROM ai_value.ai_workflow_outcomes WHERE false;
SELECT is((SELECT array_agg(row_count ORDER BY id) FROM pg_temp.since('ai_workflow_outcomes')), ARRAY[3, 2]::bigint[],
          'outcomes INSERT: one audit row per statement with its row count (an empty INSERT writes none)');
SELECT ok((SELECT bool_and(action = 'INSERT' AND row_id IS NULL AND old_row IS NULL AND new_row IS NULL) FROM pg_temp.since('ai_workflow_outcomes')),
          'outcomes INSERT summary rows carry no row images');
SELECT pg_temp.remark();
SET LOCAL ROLE ft_writer;
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
SELECT 'a0000000-0000-0000-0000-000000000003', id, 0.50, 0.66, 'tracker-export-11' FROM m;
RESET ROLE;
SELECT is((SELECT actor_role || ' ' || actor_id || ' ' || row_count FROM pg_temp.since('ai_workflow_outcomes')),
          'ft_writer f5555555-5555-5555-5555-555555555555 1', 'outcomes INSERT by a writer: summary names the writer and its person');
SELECT pg_temp.remark();
CREATE TEMP TABLE old_outcomes AS SELECT id, to_jsonb(o) AS j FROM ai_value.ai_workflow_outcomes o
 WHERE metric_id = (SELECT id FROM m) AND evidence_ref IN ('tracker-export-1', 'tracker-export-2');
UPDATE ai_value.ai_workflow_outcomes SET evidence_ref = evidence_ref || '-rev'
 WHERE metric_id = (SELECT id FROM m) AND evidence_ref IN ('tracker-export-1', 'tracker-export-2');
DELETE FROM ai_value.ai_workflow_outcomes WHERE metric_id = (SELECT id FROM m) AND evidence_ref = 'tracker-export-3';
SELECT is((SELECT array_agg(action ORDER BY id) FROM pg_temp.since('ai_workflow_outcomes')), ARRAY['UPDATE', 'UPDATE', 'DELETE'],
          'outcomes UPDATE and DELETE: one audit row per row');
SELECT is_empty($$SELECT a.id FROM pg_temp.since('ai_workflow_outcomes') a JOIN old_outcomes o ON o.id::text = a.row_id
                   WHERE a.action = 'UPDATE' AND (a.old_row IS DISTINCT FROM o.j
                      OR a.new_row IS DISTINCT FROM (SELECT to_jsonb(x) FROM ai_value.ai_workflow_outcomes x WHERE x.id = o.id))$$,
                'outcomes UPDATE: old_row and new_row are to_jsonb of the row before and after');
SELECT is((SELECT count(*)::int FROM pg_temp.since('ai_workflow_outcomes') a JOIN old_outcomes o ON o.id::text = a.row_id), 2,
          'outcomes UPDATE: the audit rows name the updated ids');
SELECT is((SELECT old_row ->> 'evidence_ref' FROM pg_temp.since('ai_workflow_outcomes') WHERE action = 'DELETE'), 'tracker-export-3',
          'outcomes DELETE: old_row keeps the deleted row');

-- diagnostics: same rules
SELECT pg_temp.remark();
INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end, prompt_count)
VALUES ('a0000000-0000-0000-0000-000000000001', 7000, 'model-a', 1.40, now() - interval '14 days', now() - interval '7 days', 70),
       ('a0000000-0000-0000-0000-000000000001', 7000, 'model-a', 1.40, now() - interval '7 days', now(), 70);
SELECT is((SELECT array_agg(action || ':' || row_count ORDER BY id) FROM pg_temp.since('token_cost_diagnostics')), ARRAY['INSERT:2'],
          'diagnostics INSERT: one summary row with the row count');
SELECT pg_temp.remark();
UPDATE ai_value.token_cost_diagnostics SET diagnostic_note = 'checked' WHERE workflow_id = 'a0000000-0000-0000-0000-000000000001';
DELETE FROM ai_value.token_cost_diagnostics WHERE workflow_id = 'a0000000-0000-0000-0000-000000000001' AND period_end < now() - interval '1 day';
SELECT is((SELECT array_agg(action ORDER BY id) FROM pg_temp.since('token_cost_diagnostics')), ARRAY['UPDATE', 'UPDATE', 'DELETE'],
          'diagnostics UPDATE and DELETE: one audit row per row');
SELECT ok((SELECT bool_and(new_row ->> 'diagnostic_note' = 'checked' AND old_row ->> 'diagnostic_note' IS NULL)
             FROM pg_temp.since('token_cost_diagnostics') WHERE action = 'UPDATE'), 'diagnostics UPDATE: both images');

-- alerts: INSERT is not audited (the alert is its own record); UPDATE and DELETE are
SELECT pg_temp.remark();
INSERT INTO ai_value.gaming_alerts (workflow_id, alert_type, severity, evidence_json, metric_id)
SELECT 'a0000000-0000-0000-0000-000000000009', 'quality_drop', 'medium', '{"rule": "ft test", "window": "ft"}', id FROM m;
UPDATE ai_value.gaming_alerts SET severity = 'high' WHERE workflow_id = 'a0000000-0000-0000-0000-000000000009';
DELETE FROM ai_value.gaming_alerts WHERE workflow_id = 'a0000000-0000-0000-0000-000000000009';
SELECT is((SELECT array_agg(action || ':' || COALESCE(old_row ->> 'severity', '-') || '>' || COALESCE(new_row ->> 'severity', '-') ORDER BY id)
             FROM pg_temp.since('gaming_alerts')),
          ARRAY['UPDATE:medium>high', 'DELETE:high>-'], 'alerts: UPDATE and DELETE audited row by row, INSERT not');

-- a SECURITY DEFINER path does not hide who acted
SELECT pg_temp.remark();
CREATE FUNCTION pg_temp.ft_definer_edit() RETURNS void LANGUAGE sql SECURITY DEFINER
    AS $$UPDATE ai_value.settings SET value = 3 WHERE key = 'token_spike_high_ratio'$$;
ALTER FUNCTION pg_temp.ft_definer_edit() OWNER TO ft_gov;
SET LOCAL SESSION AUTHORIZATION ft_owner;
SELECT pg_temp.ft_definer_edit();
RESET SESSION AUTHORIZATION;
SELECT is((SELECT actor_role || ' as session ' || session_role FROM pg_temp.since('settings')), 'ft_gov as session ft_owner',
          'through a SECURITY DEFINER function actor_role is the definer and session_role the login');

-- replica mode does not switch auditing off
SELECT pg_temp.remark();
SET LOCAL session_replication_role = replica;
UPDATE ai_value.settings SET value = 40 WHERE key = 'alert_open_days';
SELECT is((SELECT count(*)::int FROM pg_temp.since('settings')), 1, 'with session_replication_role = replica the UPDATE is still audited');
SELECT is(pg_temp.err('UPDATE ai_value.audit_log SET actor_role = ''nobody'''), '42501', 'replica: UPDATE of audit_log refused');
SELECT is(pg_temp.err('DELETE FROM ai_value.audit_log'), '42501', 'replica: DELETE of audit_log refused');
SELECT is(pg_temp.err('TRUNCATE ai_value.audit_log'), '42501', 'replica: TRUNCATE of audit_log refused');
SELECT is(pg_temp.err($$INSERT INTO ai_value.audit_log (actor_role, session_role, action, table_name) VALUES ('x', 'x', 'INSERT', 'x')$$),
          '42501', 'replica: a hand-written audit row is refused');
SELECT is_empty('SELECT * FROM pg_temp.truncate_all()', 'replica: TRUNCATE of every table of ai_value is refused');
RESET session_replication_role;

-- audit_log is append-only for the superuser (its owner) too
SELECT is(pg_temp.err('UPDATE ai_value.audit_log SET actor_role = ''nobody'''), '42501', 'superuser: UPDATE of audit_log refused');
SELECT is(pg_temp.err('UPDATE ai_value.audit_log SET row_count = row_count WHERE id = (SELECT max(id) FROM ai_value.audit_log)'), '42501',
          'superuser: even a no-op UPDATE of one audit row is refused');
SELECT is(pg_temp.err('DELETE FROM ai_value.audit_log'), '42501', 'superuser: DELETE of audit_log refused');
SELECT is(pg_temp.err('DELETE FROM ai_value.audit_log WHERE id = (SELECT max(id) FROM ai_value.audit_log)'), '42501',
          'superuser: DELETE of one audit row refused');
SELECT is(pg_temp.err('TRUNCATE ai_value.audit_log'), '42501', 'superuser: TRUNCATE of audit_log refused');
SELECT is(pg_temp.err($$INSERT INTO ai_value.audit_log (actor_role, session_role, action, table_name) VALUES ('x', 'x', 'INSERT', 'x')$$),
          '42501', 'superuser: a hand-written audit row is refused');
SELECT is(pg_temp.err($$SET LOCAL aivalue.restoring = on; UPDATE ai_value.audit_log SET actor_role = 'nobody'$$), '42501',
          'superuser in restore mode: UPDATE of audit_log still refused');
SELECT is(pg_temp.err($$SET LOCAL aivalue.restoring = on; DELETE FROM ai_value.audit_log$$), '42501',
          'superuser in restore mode: DELETE of audit_log still refused');
SELECT is(pg_temp.err($$SET LOCAL ROLE ft_gov; UPDATE ai_value.audit_log SET actor_role = 'nobody'$$), '42501',
          'governance: UPDATE of audit_log refused');
SELECT is(pg_temp.err($$SET LOCAL ROLE ft_gov; INSERT INTO ai_value.audit_log (actor_role, session_role, action, table_name) VALUES ('x', 'x', 'INSERT', 'x')$$),
          '42501', 'governance: a hand-written audit row is refused');
SELECT is_empty('SELECT * FROM pg_temp.truncate_all()', 'superuser: TRUNCATE of every table of ai_value is refused');
SET LOCAL aivalue.restoring = on;
SELECT is_empty('SELECT * FROM pg_temp.truncate_all()', 'superuser in restore mode: TRUNCATE of every table of ai_value is still refused');
RESET aivalue.restoring;
SELECT cmp_ok((SELECT count(*)::int FROM pg_class WHERE relnamespace = 'ai_value'::regnamespace AND relkind = 'r'), '>=', 10,
              'the TRUNCATE check covered at least the ten tables');
SELECT is_empty($$SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p')
                   AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgtype & 32 <> 0 AND t.tgenabled = 'A')$$,
                'every table of ai_value has an ENABLE ALWAYS BEFORE TRUNCATE guard');
SELECT is(pg_temp.err($$SET LOCAL ROLE ft_gov; ALTER TABLE ai_value.ai_value_metrics DISABLE TRIGGER ALL$$), '42501',
          'governance cannot DISABLE TRIGGER on metrics');
SELECT is(pg_temp.err($$SET LOCAL ROLE ft_writer; ALTER TABLE ai_value.token_cost_diagnostics DISABLE TRIGGER av_90_audit_ins$$), '42501',
          'a writer cannot DISABLE the audit trigger on diagnostics');

-- where audit triggers must exist (catalog): every governance table audits
-- INSERT, UPDATE, DELETE; outcomes and diagnostics all three; alerts UPDATE, DELETE.
SELECT is((SELECT array_agg(c.relname || ':' || t.tgname ORDER BY c.relname, t.tgname)
             FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE c.relnamespace = 'ai_value'::regnamespace AND t.tgname LIKE 'av\_90\_audit\_%' AND t.tgenabled = 'A'
              AND t.tgfoid = 'ai_value.audit_trigger'::regproc),
          ARRAY['activity_terms:av_90_audit_del', 'activity_terms:av_90_audit_ins', 'activity_terms:av_90_audit_upd',
                'ai_value_metrics:av_90_audit_del', 'ai_value_metrics:av_90_audit_ins', 'ai_value_metrics:av_90_audit_upd',
                'ai_workflow_outcomes:av_90_audit_del', 'ai_workflow_outcomes:av_90_audit_ins', 'ai_workflow_outcomes:av_90_audit_upd',
                'gaming_alerts:av_90_audit_del', 'gaming_alerts:av_90_audit_upd',
                'metric_exceptions:av_90_audit_del', 'metric_exceptions:av_90_audit_ins', 'metric_exceptions:av_90_audit_upd',
                'metric_policy_rules:av_90_audit_del', 'metric_policy_rules:av_90_audit_ins', 'metric_policy_rules:av_90_audit_upd',
                'principals:av_90_audit_del', 'principals:av_90_audit_ins', 'principals:av_90_audit_upd',
                'settings:av_90_audit_del', 'settings:av_90_audit_ins', 'settings:av_90_audit_upd',
                'token_cost_diagnostics:av_90_audit_del', 'token_cost_diagnostics:av_90_audit_ins', 'token_cost_diagnostics:av_90_audit_upd'],
          'audit triggers (ENABLE ALWAYS) on exactly the SPEC §8 tables and events');
SELECT is((SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE c.relnamespace = 'ai_value'::regnamespace AND t.tgname = 'av_90_audit_ins'
              AND 'summary' = ANY (string_to_array(encode(t.tgargs, 'escape'), '\000'))),
          ARRAY['ai_workflow_outcomes', 'token_cost_diagnostics']::text[],
          'INSERT on outcomes and diagnostics is audited as a statement summary');
SELECT is((SELECT count(*)::int FROM pg_trigger t WHERE t.tgrelid = 'ai_value.audit_log'::regclass AND NOT t.tgisinternal
              AND t.tgenabled = 'A' AND t.tgtype & 2 <> 0 AND t.tgtype & 1 <> 0 AND t.tgtype & (4 | 8 | 16) = (4 | 8 | 16)), 1,
          'audit_log has an ENABLE ALWAYS BEFORE INSERT OR UPDATE OR DELETE row guard');

-- the rows written above are all still there
SELECT is((SELECT count(*)::int FROM ai_value.audit_log WHERE table_name IN ('activity_terms', 'principals') AND row_id IN ('ftburn', 'ft_someone')), 6,
          'the audit rows written above are all still there');
SELECT ok(NOT EXISTS (SELECT 1 FROM ai_value.audit_log WHERE actor_role = 'nobody' OR table_name = 'x'),
          'no refused write left a trace');
SELECT ok((SELECT bool_and(session_role IS NOT NULL AND actor_role IS NOT NULL) FROM ai_value.audit_log),
          'every audit row names actor and session');

SELECT * FROM finish();
ROLLBACK;
