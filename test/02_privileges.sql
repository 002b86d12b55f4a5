-- 02_privileges: the SPEC §9 role matrix on the tables, column privileges,
-- and catalog-wide privilege facts (PUBLIC, SECURITY DEFINER, ownership,
-- ENABLE ALWAYS) that also hold for objects added by later pieces.
BEGIN;

-- Table-level privileges per group role, exactly (columns: see below).
CREATE TEMP TABLE av_matrix (tab name, rol name, privs text[], ord serial);
INSERT INTO av_matrix (tab, rol, privs)
SELECT tabs.t, rols.r, COALESCE(g.p, '{}') FROM
  (VALUES ('ai_value_metrics'), ('metric_policy_rules'), ('ai_workflow_outcomes'), ('token_cost_diagnostics'),
          ('gaming_alerts'), ('metric_exceptions'), ('principals'), ('audit_log'), ('settings'), ('activity_terms')) tabs(t)
  CROSS JOIN (VALUES ('ai_value_team_owner'), ('ai_value_governance'), ('ai_value_finance'),
                     ('ai_value_performance_admin'), ('ai_value_writer')) rols(r)
  LEFT JOIN (VALUES
    ('ai_value_metrics',       'ai_value_team_owner', '{SELECT}'::text[]),
    ('ai_value_metrics',       'ai_value_governance', '{SELECT,INSERT}'),
    ('metric_policy_rules',    'ai_value_governance', '{SELECT,INSERT}'),
    ('ai_workflow_outcomes',   'ai_value_team_owner', '{SELECT}'),
    ('ai_workflow_outcomes',   'ai_value_governance', '{SELECT}'),
    ('ai_workflow_outcomes',   'ai_value_writer',     '{SELECT}'),
    ('token_cost_diagnostics', 'ai_value_finance',    '{SELECT}'),
    ('token_cost_diagnostics', 'ai_value_governance', '{SELECT}'),
    ('gaming_alerts',          'ai_value_team_owner', '{SELECT}'),
    ('gaming_alerts',          'ai_value_governance', '{SELECT}'),
    ('metric_exceptions',      'ai_value_team_owner', '{SELECT}'),
    ('metric_exceptions',      'ai_value_governance', '{SELECT}'),
    ('principals',             'ai_value_governance', '{SELECT}'),
    ('audit_log',              'ai_value_governance', '{SELECT}'),
    ('settings',               'ai_value_governance', '{SELECT}'),
    ('settings',               'ai_value_team_owner', '{SELECT}'),
    ('activity_terms',         'ai_value_governance', '{SELECT,INSERT,UPDATE,DELETE}')) g(gt, gr, p)
  ON g.gt = tabs.t AND g.gr = rols.r;

-- Column privileges: (table, column, privilege, roles that hold it; NULL = none of the five).
CREATE TEMP TABLE av_colpriv (tab name, col name, priv text, holders text[], ord serial);
INSERT INTO av_colpriv (tab, col, priv, holders) VALUES
    -- team owners propose metrics but never choose their status or timestamps
    ('ai_value_metrics', 'metric_key',   'INSERT', '{ai_value_team_owner,ai_value_governance}'),
    ('ai_value_metrics', 'formula',      'INSERT', '{ai_value_team_owner,ai_value_governance}'),
    ('ai_value_metrics', 'intended_uses','INSERT', '{ai_value_team_owner,ai_value_governance}'),
    ('ai_value_metrics', 'status',       'INSERT', '{ai_value_governance}'),
    ('ai_value_metrics', 'created_at',   'INSERT', '{ai_value_governance}'),
    -- only governance changes status; nobody rewrites identity or ownership
    ('ai_value_metrics', 'status',       'UPDATE', '{ai_value_governance}'),
    ('ai_value_metrics', 'formula',      'UPDATE', '{ai_value_governance}'),
    ('ai_value_metrics', 'id',           'UPDATE', NULL),
    ('ai_value_metrics', 'metric_key',   'UPDATE', NULL),
    ('ai_value_metrics', 'metric_type',  'UPDATE', NULL),
    ('ai_value_metrics', 'owner_id',     'UPDATE', NULL),
    ('ai_value_metrics', 'created_at',   'UPDATE', NULL),
    ('ai_value_metrics', 'status',       'SELECT', '{ai_value_team_owner,ai_value_governance}'),
    -- outcomes: team owners and writers record them; nobody edits them
    ('ai_workflow_outcomes', 'metric_id',      'INSERT', '{ai_value_team_owner,ai_value_writer}'),
    ('ai_workflow_outcomes', 'observed_value', 'INSERT', '{ai_value_team_owner,ai_value_writer}'),
    ('ai_workflow_outcomes', 'evidence_kind',  'INSERT', '{ai_value_team_owner,ai_value_writer}'),
    ('ai_workflow_outcomes', 'observed_value', 'UPDATE', NULL),
    ('ai_workflow_outcomes', 'metric_id',      'UPDATE', NULL),
    -- diagnostics: finance and writers record; only finance and governance read
    ('token_cost_diagnostics', 'token_count',  'INSERT', '{ai_value_finance,ai_value_writer}'),
    ('token_cost_diagnostics', 'cost',         'INSERT', '{ai_value_finance,ai_value_writer}'),
    ('token_cost_diagnostics', 'prompt_count', 'INSERT', '{ai_value_finance,ai_value_writer}'),
    ('token_cost_diagnostics', 'token_count',  'SELECT', '{ai_value_finance,ai_value_governance}'),
    ('token_cost_diagnostics', 'cost',         'SELECT', '{ai_value_finance,ai_value_governance}'),
    ('token_cost_diagnostics', 'workflow_id',  'SELECT', '{ai_value_finance,ai_value_governance}'),
    ('token_cost_diagnostics', 'token_count',  'UPDATE', NULL),
    -- exceptions: team owners request, never deciding status or approver
    ('metric_exceptions', 'metric_id',     'INSERT', '{ai_value_team_owner}'),
    ('metric_exceptions', 'reason',        'INSERT', '{ai_value_team_owner}'),
    ('metric_exceptions', 'expires_at',    'INSERT', '{ai_value_team_owner}'),
    ('metric_exceptions', 'requested_by',  'INSERT', '{ai_value_team_owner}'),
    ('metric_exceptions', 'status',        'INSERT', NULL),
    ('metric_exceptions', 'approved_by',   'INSERT', NULL),
    ('metric_exceptions', 'decided_at',    'INSERT', NULL),
    ('metric_exceptions', 'created_at',    'INSERT', NULL),
    ('metric_exceptions', 'status',        'UPDATE', '{ai_value_governance}'),
    ('metric_exceptions', 'approved_by',   'UPDATE', '{ai_value_governance}'),
    ('metric_exceptions', 'requested_by',  'UPDATE', NULL),
    ('metric_exceptions', 'expires_at',    'UPDATE', NULL),
    ('metric_exceptions', 'reason',        'UPDATE', NULL),
    -- settings: governance edits the value only
    ('settings', 'value',         'UPDATE', '{ai_value_governance}'),
    ('settings', 'default_value', 'UPDATE', NULL),
    ('settings', 'key',           'UPDATE', NULL),
    -- policy rules are never edited in place
    ('metric_policy_rules', 'policy',       'UPDATE', NULL),
    ('metric_policy_rules', 'effective_at', 'UPDATE', NULL),
    -- audit_log: only governance reads, nobody writes
    ('audit_log', 'new_row',    'SELECT', '{ai_value_governance}'),
    ('audit_log', 'actor_role', 'SELECT', '{ai_value_governance}'),
    ('audit_log', 'actor_role', 'INSERT', NULL),
    ('audit_log', 'actor_role', 'UPDATE', NULL),
    ('principals', 'person_id', 'UPDATE', NULL),
    ('principals', 'person_id', 'INSERT', NULL);

CREATE TEMP TABLE av_roles (rol name, ord serial);
INSERT INTO av_roles (rol) VALUES ('ai_value_team_owner'), ('ai_value_governance'), ('ai_value_finance'),
    ('ai_value_performance_admin'), ('ai_value_writer');

-- Test logins (rolled back with the transaction): one member per seat, one with none.
CREATE ROLE ft_owner NOLOGIN IN ROLE ai_value_team_owner;
CREATE ROLE ft_gov NOLOGIN IN ROLE ai_value_governance;
CREATE ROLE ft_fin NOLOGIN IN ROLE ai_value_finance;
CREATE ROLE ft_perf NOLOGIN IN ROLE ai_value_performance_admin;
CREATE ROLE ft_writer NOLOGIN IN ROLE ai_value_writer;
CREATE ROLE ft_nobody NOLOGIN;
INSERT INTO ai_value.principals (role_name, person_id, display_name) VALUES
    ('ft_owner', 'f1111111-1111-1111-1111-111111111111', 'FT Owner'),
    ('ft_gov',   'f2222222-2222-2222-2222-222222222222', 'FT Governance');

-- as_role(role, sql): run sql as role; 'ok' or the SQLSTATE it failed with.
CREATE FUNCTION pg_temp.as_role(r name, q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE st text;
BEGIN
    BEGIN
        EXECUTE format('SET LOCAL ROLE %I', r);
        EXECUTE q;
        RESET ROLE;
        RETURN 'ok';
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
        RETURN st;
    END;
END
$f$;

-- as_session(role, sql): the same with session_user = role (SET ROLE checks
-- membership of the session user).
CREATE FUNCTION pg_temp.as_session(r name, q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE st text;
BEGIN
    BEGIN
        EXECUTE format('SET LOCAL SESSION AUTHORIZATION %I', r);
        EXECUTE q;
        RESET SESSION AUTHORIZATION;
        RETURN 'ok';
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
        RETURN st;
    END;
END
$f$;

SELECT plan(
      (SELECT count(*)::int FROM av_matrix)
    + 5 * (SELECT count(*)::int FROM av_colpriv)
    + 9                                  -- catalog-wide: tables
    + 6                                  -- catalog-wide: functions
    + 6                                  -- roles
    + 4                                  -- schema
    + 18                                 -- behaviour as members of the seats
    + 14                                 -- look-alike operators on search_path
);

-- SPEC §9 matrix, table level
SELECT table_privs_are('ai_value', tab, rol, privs,
                       rol || ' has exactly ' || privs::text || ' on ai_value.' || tab)
  FROM av_matrix ORDER BY ord;

-- column level, for every one of the five roles
SELECT is(has_column_privilege(r.rol, ('ai_value.' || c.tab)::regclass, c.col, c.priv),
          r.rol = ANY (COALESCE(c.holders, '{}')),
          format('%s %s %s on %s.%s', r.rol, CASE WHEN r.rol = ANY (COALESCE(c.holders, '{}')) THEN 'has' ELSE 'has no' END,
                 c.priv, c.tab, c.col))
  FROM av_colpriv c CROSS JOIN av_roles r ORDER BY c.ord, r.ord;

-- catalog-wide: tables, views, sequences of ai_value (present and future)
SELECT is_empty($$SELECT c.relname FROM pg_class c
                   WHERE c.relnamespace = 'ai_value'::regnamespace
                     AND (EXISTS (SELECT 1 FROM aclexplode(c.relacl) a WHERE a.grantee = 0)
                          OR EXISTS (SELECT 1 FROM pg_attribute at, aclexplode(at.attacl) a
                                      WHERE at.attrelid = c.oid AND a.grantee = 0))$$,
                'nothing in ai_value is granted to PUBLIC (tables, views, sequences, columns)');
SELECT is_empty($$SELECT c.relname FROM pg_class c
                   WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p', 'S', 'f')
                     AND (has_any_column_privilege('ai_value_performance_admin', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES')
                          OR has_table_privilege('ai_value_performance_admin', c.oid, 'DELETE, TRUNCATE, TRIGGER'))$$,
                'performance_admin holds no privilege on any table of ai_value');
SELECT is_empty($$SELECT c.relname FROM pg_class c
                   WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                     AND (has_any_column_privilege('ft_nobody', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES')
                          OR has_table_privilege('ft_nobody', c.oid, 'DELETE, TRUNCATE, TRIGGER'))$$,
                'a role with no seat holds no privilege on any relation of ai_value');
SELECT is_empty($$SELECT c.relname || ': ' || r.rol FROM pg_class c CROSS JOIN av_roles r
                   WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
                     AND has_table_privilege(r.rol, c.oid, 'TRUNCATE, TRIGGER, REFERENCES')$$,
                'no seat holds TRUNCATE, TRIGGER or REFERENCES on any relation of ai_value');
SELECT is_empty($$SELECT c.relname || ': ' || r.rol FROM pg_class c CROSS JOIN av_roles r
                   WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind = 'S'
                     AND has_sequence_privilege(r.rol, c.oid, 'UPDATE, USAGE')$$,
                'no seat can advance or set a sequence of ai_value');
SELECT is((SELECT array_agg(c.relname || ':' || r.rol ORDER BY c.relname, r.rol) FROM pg_class c CROSS JOIN av_roles r
             WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p')
               AND has_table_privilege(r.rol, c.oid, 'DELETE')),
          ARRAY['activity_terms:ai_value_governance'],
          'DELETE on a table of ai_value: only governance, only on activity_terms');
SELECT is_empty($$SELECT c.relname || ': ' || pg_get_userbyid(c.relowner) FROM pg_class c
                   WHERE c.relnamespace = 'ai_value'::regnamespace
                     AND c.relowner <> (SELECT nspowner FROM pg_namespace WHERE nspname = 'ai_value')$$,
                'every relation of ai_value is owned by the extension owner (no seat can ALTER or DISABLE TRIGGER)');
SELECT is_empty($$SELECT c.relname || '.' || t.tgname || ' ' || t.tgenabled::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                   WHERE c.relnamespace = 'ai_value'::regnamespace AND NOT t.tgisinternal AND t.tgenabled <> 'A'$$,
                'every trigger on ai_value tables is ENABLE ALWAYS');
SELECT is_empty($$SELECT c.relname || ': ' || pg_get_userbyid(a.grantee) FROM pg_class c, aclexplode(c.relacl) a
                   WHERE c.relnamespace = 'ai_value'::regnamespace AND a.is_grantable AND a.grantee <> c.relowner$$,
                'no privilege on ai_value is held WITH GRANT OPTION by anyone but the owner');

-- catalog-wide: functions
SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_proc p
                   WHERE p.pronamespace = 'ai_value'::regnamespace
                     AND EXISTS (SELECT 1 FROM aclexplode(COALESCE(p.proacl, acldefault('f', p.proowner))) a
                                  WHERE a.grantee = 0)$$,
                'no function of ai_value is executable by PUBLIC');
SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_proc p
                   WHERE p.pronamespace = 'ai_value'::regnamespace AND p.prosecdef
                     AND NOT COALESCE(p.proconfig, '{}') @> ARRAY['search_path=pg_catalog, pg_temp']$$,
                'every SECURITY DEFINER function of ai_value pins search_path = pg_catalog, pg_temp');
SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
                   WHERE p.pronamespace = 'ai_value'::regnamespace AND l.lanname NOT IN ('c', 'internal')
                     AND p.prorettype = 'trigger'::regtype
                     AND NOT COALESCE(p.proconfig, '{}') @> ARRAY['search_path=pg_catalog, pg_temp']$$,
                'every SQL-level trigger function of ai_value pins search_path (a writer''s look-alike operators cannot reach it)');
SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_proc p
                   WHERE p.pronamespace = 'ai_value'::regnamespace
                     AND p.proowner <> (SELECT nspowner FROM pg_namespace WHERE nspname = 'ai_value')$$,
                'every function of ai_value is owned by the extension owner');
SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_proc p
                   WHERE p.pronamespace = 'ai_value'::regnamespace AND has_function_privilege('ft_nobody', p.oid, 'EXECUTE')$$,
                'a role with no seat can call no function of ai_value');
SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_proc p
                   WHERE p.pronamespace = 'ai_value'::regnamespace AND p.prorettype = 'trigger'::regtype
                     AND EXISTS (SELECT 1 FROM av_roles r WHERE has_function_privilege(r.rol, p.oid, 'EXECUTE'))$$,
                'no seat may call a trigger function directly');

-- the five group roles
SELECT is_empty($$SELECT rolname FROM pg_roles WHERE rolname IN (SELECT rol FROM av_roles)
                   AND (rolcanlogin OR rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls)$$,
                'the five group roles are NOLOGIN and hold no superuser-class attribute');
SELECT is((SELECT count(*)::int FROM pg_roles WHERE rolname IN (SELECT rol FROM av_roles)), 5, 'the five group roles exist');
SELECT isnt_superuser('ai_value_governance', 'governance is not a superuser');
SELECT isnt_superuser('ai_value_writer', 'writer is not a superuser');
SELECT is_empty($$SELECT pg_get_userbyid(m.member) || ' in ' || pg_get_userbyid(m.roleid) FROM pg_auth_members m
                   WHERE m.member IN (SELECT rol::regrole FROM av_roles)$$,
                'the group roles are members of no other role (no inherited powers)');
SELECT is_empty($$SELECT r.rol FROM av_roles r, pg_database d
                   WHERE d.datname = current_database() AND has_database_privilege(r.rol, d.oid, 'CREATE')$$,
                'no seat may create schemas in the database');

-- the schema
SELECT ok(NOT has_schema_privilege('public', 'ai_value', 'USAGE'), 'PUBLIC has no USAGE on schema ai_value');
SELECT ok(NOT has_schema_privilege('public', 'ai_value', 'CREATE'), 'PUBLIC has no CREATE on schema ai_value');
SELECT is_empty($$SELECT rol FROM av_roles WHERE has_schema_privilege(rol, 'ai_value', 'CREATE')$$,
                'no seat may create objects in schema ai_value');
SELECT is_empty($$SELECT rol FROM av_roles WHERE NOT has_schema_privilege(rol, 'ai_value', 'USAGE')$$,
                'every seat has USAGE on schema ai_value');

-- behaviour as members of the seats
SELECT is(pg_temp.as_role('ft_owner', $$INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, status)
                                        VALUES ('ft_status_forge', 'Forged status', 'quality', 'approved')$$),
          '42501', 'a team owner cannot choose status when proposing a metric');
SELECT is(pg_temp.as_role('ft_owner', $$UPDATE ai_value.ai_value_metrics SET status = 'approved'$$),
          '42501', 'a team owner cannot UPDATE status');
SELECT is(pg_temp.as_role('ft_writer', $$UPDATE ai_value.ai_value_metrics SET status = 'approved'$$),
          '42501', 'a writer cannot UPDATE status');
SELECT is(pg_temp.as_role('ft_owner', $$SELECT 1 FROM ai_value.token_cost_diagnostics$$),
          '42501', 'a team owner cannot read token_cost_diagnostics');
SELECT is(pg_temp.as_role('ft_writer', $$SELECT 1 FROM ai_value.token_cost_diagnostics$$),
          '42501', 'a writer cannot read token_cost_diagnostics');
SELECT is(pg_temp.as_role('ft_perf', $$SELECT 1 FROM ai_value.token_cost_diagnostics$$),
          '42501', 'a performance admin cannot read token_cost_diagnostics');
SELECT is(pg_temp.as_role('ft_fin', $$SELECT count(*) FROM ai_value.token_cost_diagnostics$$),
          'ok', 'finance reads token_cost_diagnostics');
SELECT is(pg_temp.as_role('ft_perf', $$SELECT 1 FROM ai_value.ai_value_metrics$$),
          '42501', 'a performance admin cannot read the metrics table (blocked metrics live there)');
SELECT is(pg_temp.as_role('ft_owner', $$SELECT 1 FROM ai_value.audit_log$$),
          '42501', 'a team owner cannot read audit_log');
SELECT is(pg_temp.as_role('ft_gov', $$SELECT count(*) FROM ai_value.audit_log$$),
          'ok', 'governance reads audit_log');
SELECT is(pg_temp.as_role('ft_owner', $$INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at, status)
                                        VALUES (gen_random_uuid(), 'r', now() + interval '1 day', 'approved')$$),
          '42501', 'a team owner cannot choose the status of an exception');
SELECT is(pg_temp.as_role('ft_owner', $$INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at, approved_by)
                                        VALUES (gen_random_uuid(), 'r', now() + interval '1 day', gen_random_uuid())$$),
          '42501', 'a team owner cannot name the approver of an exception');
SELECT is(pg_temp.as_session('ft_owner', 'SET ROLE ai_value_governance'),
          '42501', 'SET ROLE to a seat one is not a member of fails');
SELECT is(pg_temp.as_session('ft_owner', 'SET ROLE ai_value_team_owner'),
          'ok', 'SET ROLE to one''s own seat works (the refusal above is about membership)');
SELECT is(pg_temp.as_role('ft_gov', 'SET session_replication_role = replica'),
          '42501', 'a seat cannot set session_replication_role = replica');
SELECT is(pg_temp.as_role('ft_gov', 'ALTER TABLE ai_value.audit_log DISABLE TRIGGER ALL'),
          '42501', 'governance cannot DISABLE TRIGGER on audit_log (not the owner)');
SELECT is(pg_temp.as_role('ft_writer', 'ALTER TABLE ai_value.ai_workflow_outcomes DISABLE TRIGGER USER'),
          '42501', 'a writer cannot DISABLE TRIGGER on outcomes (not the owner)');
SELECT is(pg_temp.as_role('ft_nobody', 'SELECT ai_value._restoring()'),
          '42501', 'a role with no seat cannot call even the harmless restore probe');

-- A team owner with a principal puts look-alike "=" operators for name and
-- uuid first on search_path: the actor lookup still finds the right person
-- and a forged owner is still refused.
CREATE SCHEMA ft_evil AUTHORIZATION ft_owner;
SET LOCAL ROLE ft_owner;
CREATE FUNCTION ft_evil.eq(name, name) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT true';
CREATE FUNCTION ft_evil.eq(uuid, uuid) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT true';
CREATE OPERATOR ft_evil.= (LEFTARG = name, RIGHTARG = name, FUNCTION = ft_evil.eq);
CREATE OPERATOR ft_evil.= (LEFTARG = uuid, RIGHTARG = uuid, FUNCTION = ft_evil.eq);
CREATE FUNCTION ft_evil.eq(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT true';
CREATE OPERATOR ft_evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = ft_evil.eq);
CREATE FUNCTION ft_evil.eq(anyenum, anyenum) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT true';
CREATE OPERATOR ft_evil.= (LEFTARG = anyenum, RIGHTARG = anyenum, FUNCTION = ft_evil.eq);
CREATE FUNCTION ft_evil.lower(text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT ''x''::text';
CREATE FUNCTION ft_evil.isfinite(timestamptz) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT true';
GRANT USAGE ON SCHEMA ft_evil TO PUBLIC;
RESET ROLE;
-- ev(sql): sql run with the look-alikes first on search_path (pgTAP itself
-- must not see them, so the path is set and reset inside).
CREATE FUNCTION pg_temp.ev(q text) RETURNS text LANGUAGE sql AS
    $$SELECT 'SET LOCAL search_path = ft_evil, pg_catalog, public; ' || q || '; RESET search_path'$$;
SELECT is(pg_temp.as_role('ft_owner', pg_temp.ev($$INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, owner_id)
                                        VALUES ('ft_trick_forged', 'Review turnaround', 'quality', 'f2222222-2222-2222-2222-222222222222')$$)),
          '42501', 'with look-alike operators first on search_path a forged owner_id is still refused');
SELECT is(pg_temp.as_role('ft_owner', pg_temp.ev($$INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, intended_uses)
                                        VALUES ('ft_trick_quality', 'Review turnaround quality', 'quality', '{team_improvement}')$$)),
          'ok', 'the team owner proposes a value metric with look-alike operators on search_path');
SELECT is(pg_temp.as_role('ft_owner', pg_temp.ev($q$DO $x$ BEGIN IF NOT ('a'::text = 'b'::text AND lower('A') = 'x') THEN RAISE EXCEPTION 'not bent'; END IF; END $x$$q$)),
          'ok', 'the look-alikes are really in force in those statements (''a'' = ''b'', lower(''A'') = ''x'')');
SELECT is(current_setting('search_path'), (SELECT reset_val FROM pg_settings WHERE name = 'search_path'),
          'the look-alike search_path did not leak into the test session');
SELECT is((SELECT owner_id FROM ai_value.ai_value_metrics WHERE metric_key = 'ft_trick_quality'),
          'f1111111-1111-1111-1111-111111111111'::uuid, 'owner_id is the team owner''s own person, not someone else''s');
SELECT is((SELECT actor_id FROM ai_value.audit_log WHERE table_name = 'ai_value_metrics' AND new_row ->> 'metric_key' = 'ft_trick_quality'),
          'f1111111-1111-1111-1111-111111111111'::uuid, 'the audit row names the right person');
-- governance with the same search_path edits a setting (plpgsql seed-row
-- trigger, audit) and the vocabulary: every effect is the ordinary one. The
-- statements themselves use pg_catalog's = (a role may bend only its own query).
SELECT is(pg_temp.as_role('ft_gov', pg_temp.ev($$UPDATE ai_value.settings SET value = 3 WHERE key OPERATOR(pg_catalog.=) 'token_spike_high_ratio'$$)),
          'ok', 'governance edits a setting with look-alike operators first on search_path');
SELECT is(pg_temp.as_role('ft_gov', pg_temp.ev($$INSERT INTO ai_value.activity_terms (term, category, seeded) VALUES ('ftburn', 'activity', true)$$)),
          'ok', 'governance adds a term with look-alike operators first on search_path');
SELECT is(pg_temp.as_role('ft_gov', pg_temp.ev($$DELETE FROM ai_value.activity_terms WHERE term OPERATOR(pg_catalog.=) 'ftburn'$$)),
          'ok', 'governance removes the term with look-alike operators first on search_path');
SELECT is((SELECT array_agg(key || '=' || value ORDER BY key) FROM ai_value.settings WHERE value <> default_value),
          ARRAY['token_spike_high_ratio=3'], 'exactly the one setting changed');
SELECT is((SELECT actor_role || ' ' || actor_id || ' ' || (old_row ->> 'value') || '>' || (new_row ->> 'value')
             FROM ai_value.audit_log WHERE table_name = 'settings' ORDER BY id DESC LIMIT 1),
          'ft_gov f2222222-2222-2222-2222-222222222222 4.0>3', 'the setting edit is audited with the right person and images');
SELECT is((SELECT count(*)::int FROM ai_value.audit_log WHERE table_name = 'settings'), 1, 'one audit row for one changed setting');
SELECT is((SELECT array_agg(action || ':' || (COALESCE(new_row, old_row) ->> 'seeded') ORDER BY id) FROM ai_value.audit_log
            WHERE table_name = 'activity_terms' AND row_id = 'ftburn'),
          ARRAY['INSERT:true', 'DELETE:true'], 'the term insert and delete are audited once each');
SELECT is((SELECT count(*)::int FROM ai_value.activity_terms_removed WHERE term = 'ftburn'), 1,
          'the removal is remembered for dump/restore');

SELECT * FROM finish();
ROLLBACK;
