-- hardening_privs: privilege tricks (SPEC §8, §9, §12). A writer and a team
-- owner plant look-alike operators, functions, aggregates and types in a
-- schema of their own and put it first on search_path; nothing of the
-- extension may ever call them. A role with no seat reaches nothing; forged
-- person ids, SET ROLE to a foreign seat, TRUNCATE, replica mode and DISABLE
-- TRIGGER change nothing; pre-existing objects are never adopted by
-- CREATE EXTENSION. Everything that iterates over the extension's objects
-- discovers them from the catalog, so functions added later are covered too,
-- and prints only aggregates, so the expected output does not change when
-- they arrive.
\set VERBOSITY terse
\i test/fixtures/setup.sql

-- ===================================================================
-- 1. Catalog: SECURITY DEFINER functions, PUBLIC, ENABLE ALWAYS, membership
-- ===================================================================
SELECT count(*) > 0 AS has_security_definer_functions
  FROM pg_proc WHERE pronamespace = 'ai_value'::regnamespace AND prosecdef;
-- every SECURITY DEFINER function pins search_path exactly (expect no rows)
SELECT p.oid::regprocedure AS secdef_without_pinned_search_path, p.proconfig
  FROM pg_proc p
 WHERE p.pronamespace = 'ai_value'::regnamespace AND p.prosecdef
   AND NOT COALESCE(p.proconfig, '{}') @> ARRAY['search_path=pg_catalog, pg_temp'];
-- ... and every function of the schema that is not SECURITY DEFINER but
-- written in a language that resolves names at run time pins it too (plpgsql
-- and SQL bodies would otherwise run with the caller's search_path)
SELECT p.oid::regprocedure AS runtime_resolved_without_pinned_search_path
  FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
 WHERE p.pronamespace = 'ai_value'::regnamespace AND l.lanname IN ('plpgsql', 'sql')
   AND p.prosqlbody IS NULL
   AND NOT COALESCE(p.proconfig, '{}') @> ARRAY['search_path=pg_catalog, pg_temp'];
-- no function of the schema is executable by PUBLIC (expect no rows)
SELECT p.oid::regprocedure AS executable_by_public
  FROM pg_proc p
 WHERE p.pronamespace = 'ai_value'::regnamespace
   AND (p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a
                                     WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE'));
-- no table, view or sequence grants anything to PUBLIC (expect no rows)
SELECT c.oid::regclass AS relation_granted_to_public
  FROM pg_class c
 WHERE c.relnamespace = 'ai_value'::regnamespace
   AND EXISTS (SELECT 1 FROM aclexplode(c.relacl) a WHERE a.grantee = 0);
-- every trigger of the schema is ENABLE ALWAYS (expect no rows)
SELECT tg.tgrelid::regclass AS rel, tg.tgname, tg.tgenabled
  FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
 WHERE c.relnamespace = 'ai_value'::regnamespace AND NOT tg.tgisinternal AND tg.tgenabled <> 'A';
-- every table refuses TRUNCATE by trigger (expect no rows)
SELECT c.oid::regclass AS table_without_truncate_guard
  FROM pg_class c
 WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p')
   AND NOT EXISTS (SELECT 1 FROM pg_trigger tg WHERE tg.tgrelid = c.oid
                    AND (tg.tgtype & 32) <> 0 AND tg.tgenabled = 'A');
-- every object in the schema belongs to the extension: nothing was adopted
-- and nothing stray was created beside it (expect no rows)
SELECT 'pg_class' AS cat, c.oid::regclass::text AS obj FROM pg_class c
 WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                    AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e')
UNION ALL
SELECT 'pg_proc', p.oid::regprocedure::text FROM pg_proc p
 WHERE p.pronamespace = 'ai_value'::regnamespace
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                    AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e')
UNION ALL
SELECT 'pg_type', t.oid::regtype::text FROM pg_type t
 WHERE t.typnamespace = 'ai_value'::regnamespace AND t.typtype IN ('e', 'd', 'b', 'r', 'm')
   AND t.typelem = 0
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid
                    AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e')
UNION ALL
SELECT 'pg_operator', o.oid::regoperator::text FROM pg_operator o
 WHERE o.oprnamespace = 'ai_value'::regnamespace
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_operator'::regclass AND d.objid = o.oid
                    AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e');
-- the schema belongs to the extension's owner, a superuser
SELECT r.rolsuper AS schema_owner_is_superuser,
       n.nspowner = (SELECT e.extowner FROM pg_extension e WHERE e.extname = 'aivalue') AS schema_owner_is_extension_owner
  FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner WHERE n.nspname = 'ai_value';

-- ===================================================================
-- 2. A role with no seat reads and calls nothing
-- ===================================================================
SELECT has_schema_privilege('av_nobody', 'ai_value', 'USAGE') AS nobody_schema_usage;
SELECT count(*) > 0 AS relations_checked,
       count(*) FILTER (WHERE has_table_privilege('av_nobody', c.oid,
                               'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')) AS nobody_table_privileges,
       count(*) FILTER (WHERE has_any_column_privilege('av_nobody', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES')) AS nobody_column_privileges
  FROM pg_class c
 WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f');
SELECT count(*) FILTER (WHERE has_sequence_privilege('av_nobody', c.oid, 'USAGE, SELECT, UPDATE')) AS nobody_sequence_privileges
  FROM pg_class c WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind = 'S';
SELECT count(*) > 0 AS functions_checked,
       count(*) FILTER (WHERE has_function_privilege('av_nobody', p.oid, 'EXECUTE')) AS nobody_executable
  FROM pg_proc p WHERE p.pronamespace = 'ai_value'::regnamespace;
-- a performance admin reads no base table (blocked / diagnostic-only rows
-- would be visible there): BI views only
SELECT c.oid::regclass AS base_table_readable_by_performance_admin
  FROM pg_class c
 WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p')
   AND has_any_column_privilege('av_perf', c.oid, 'SELECT');

-- The same, tried for real: av_nobody touches every relation and calls every
-- function (with NULL arguments); every attempt must be a 42501.
CREATE FUNCTION public.av_touch_everything() RETURNS TABLE(attempts bigint, refused_42501 bigint, other text)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
DECLARE
    r record;
    st text;
    n bigint := 0;
    refused bigint := 0;
    others text[] := '{}';
BEGIN
    FOR r IN SELECT 'SELECT 1 FROM ' || c.oid::regclass::text || ' LIMIT 1' AS q
               FROM pg_class c WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
             UNION ALL
             SELECT 'DELETE FROM ' || c.oid::regclass::text
               FROM pg_class c WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p')
             UNION ALL
             SELECT 'SELECT ' || p.oid::regproc::text || '(' ||
                    COALESCE((SELECT string_agg('NULL::' || format_type(t, NULL), ', ')
                                FROM unnest(p.proargtypes::oid[]) t), '') || ')'
               FROM pg_proc p WHERE p.pronamespace = 'ai_value'::regnamespace AND p.prokind = 'f'
    LOOP
        n := n + 1;
        BEGIN
            EXECUTE r.q;
            others := others || ('ok: ' || r.q);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
            IF st = '42501' THEN
                refused := refused + 1;
            ELSE
                others := others || (st || ': ' || r.q);
            END IF;
        END;
    END LOOP;
    RETURN QUERY SELECT n, refused, NULLIF(array_to_string(others, '; '), '');
END
$f$;
SET ROLE av_nobody;
SELECT attempts > 0 AS attempted, attempts = refused_42501 AS all_refused_42501, other
  FROM public.av_touch_everything();
RESET ROLE;

-- ===================================================================
-- 3. SET ROLE to a seat one does not hold fails
-- ===================================================================
-- SET ROLE is judged against the session user, so the session becomes the
-- seat role first (as a login as that role would be). (SET SESSION
-- AUTHORIZATION itself is judged against the authenticated user, the
-- superuser running this file, so it is not tried here.)
SET SESSION AUTHORIZATION av_writer;
SELECT av_try('SET ROLE ai_value_governance');
SELECT av_try('SET ROLE ai_value_team_owner');
SELECT av_try('SET ROLE av_gov');
SELECT av_try('SET ROLE postgres');
SELECT av_try('SET ROLE ai_value_writer');   -- its own seat: allowed
SELECT session_user, current_user;
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION av_owner;
SELECT av_try('SET ROLE ai_value_governance');
SELECT av_try('SET ROLE av_owner_gov');
SELECT session_user, current_user;
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION av_nobody;
SELECT av_try('SET ROLE ai_value_writer');
SELECT av_try('SET ROLE ai_value_performance_admin');
SELECT session_user, current_user;
RESET SESSION AUTHORIZATION;
-- a member of two seats may switch between them (the control case)
SET SESSION AUTHORIZATION av_owner_gov;
SELECT av_try('SET ROLE ai_value_governance');
SELECT session_user, current_user;
RESET SESSION AUTHORIZATION;
-- a seat role cannot hand its seat on
SET ROLE av_owner;
SELECT av_try('GRANT ai_value_team_owner TO av_nobody');
RESET ROLE;
SELECT pg_has_role('av_nobody', 'ai_value_team_owner', 'MEMBER') AS nobody_got_seat;

-- ===================================================================
-- 4. Forged owner / approver / requester ids are refused (42501)
-- ===================================================================
-- a superuser-approved value metric (outcomes go through it) and a proposal
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, status, formula,
        data_source, baseline_required, quality_gate, anti_gaming_check, intended_uses)
VALUES ('ticket_resolution_rate', 'Ticket resolution rate', 'task_completion', 'approved',
        'resolved tickets / opened tickets per week', 'helpdesk system log', true,
        'sampled review of 5% of resolved tickets', 'reopened tickets within 7 days are subtracted',
        '{team_improvement}');
SELECT id AS approved_id FROM ai_value.ai_value_metrics WHERE metric_key = 'ticket_resolution_rate' \gset
SET ROLE av_owner;
SELECT av_try($$INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, owner_id)
                VALUES ('forged_owner_metric', 'Forged', 'quality', '22222222-2222-2222-2222-222222222221')$$);
-- choosing the status is not a team owner's to do
SELECT av_try($$INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, status)
                VALUES ('self_approved_metric', 'Self approved', 'quality', 'approved')$$);
SELECT av_try($$INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at, requested_by)
                SELECT id, 'pilot', now() + interval '1 day', '11111111-1111-1111-1111-111111111112'
                  FROM ai_value.ai_value_metrics WHERE metric_key = 'ticket_resolution_rate'$$);
SELECT av_try($$INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at, status, approved_by)
                SELECT id, 'pilot', now() + interval '1 day', 'approved', '22222222-2222-2222-2222-222222222221'
                  FROM ai_value.ai_value_metrics WHERE metric_key = 'ticket_resolution_rate'$$);
RESET ROLE;
SET ROLE av_gov;
SELECT av_try(format($$INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale, approved_by)
                       VALUES (%L, 'allow', 'looks fine', '22222222-2222-2222-2222-222222222222')$$, :'approved_id'));
SELECT av_try(format($$UPDATE ai_value.ai_value_metrics SET owner_id = '22222222-2222-2222-2222-222222222221'
                       WHERE id = %L$$, :'approved_id'));
RESET ROLE;
-- a role without a principal cannot name anybody
CREATE ROLE av_unmapped_gov NOLOGIN IN ROLE ai_value_governance;
SET ROLE av_unmapped_gov;
SELECT av_try(format($$INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale, approved_by)
                       VALUES (%L, 'allow', 'looks fine', '22222222-2222-2222-2222-222222222221')$$, :'approved_id'));
RESET ROLE;
SELECT (SELECT count(*) FROM ai_value.ai_value_metrics) AS metrics,
       (SELECT count(*) FROM ai_value.metric_exceptions) AS exceptions,
       (SELECT count(*) FROM ai_value.metric_policy_rules WHERE rationale = 'looks fine') AS forged_rules,
       (SELECT count(*) FROM ai_value.ai_value_metrics WHERE owner_id = '22222222-2222-2222-2222-222222222221') AS forged_owner;

-- ===================================================================
-- 5. Look-alike operators, functions, aggregates and types first on search_path
-- ===================================================================
CREATE SCHEMA evil AUTHORIZATION av_writer;
SET ROLE av_writer;
GRANT USAGE ON SCHEMA evil TO PUBLIC;
-- Every look-alike calls evil.hit, which warns and fails: a warning in this
-- file's output, or an error naming HIJACKED, means the extension resolved a
-- name through the caller's search_path.
CREATE FUNCTION evil.hit(what text) RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog AS $h$
BEGIN
    RAISE WARNING 'HIJACKED: %', what;
    RAISE EXCEPTION 'HIJACKED: %', what;
END
$h$;
CREATE FUNCTION evil.hit_b(anyelement) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog AS $h$
BEGIN
    PERFORM evil.hit('domain check ' || pg_typeof($1)::text);
    RETURN true;
END
$h$;
DO $gen$
DECLARE
    p record;
    e record;
    made int := 0;
    ret text;
    i int := 0;
BEGIN
    -- functions and aggregates with the exact signatures of pg_catalog's
    FOR p IN
        SELECT f.oid, f.proname, f.prokind, f.proretset, f.proallargtypes IS NOT NULL AS has_out,
               pg_get_function_identity_arguments(f.oid) AS args,
               pg_get_function_result(f.oid) AS res, f.prorettype::regtype::text AS rettype
          FROM pg_proc f
         WHERE f.pronamespace = 'pg_catalog'::regnamespace
           AND f.prokind IN ('f', 'a')
           AND f.proname IN ('lower', 'upper', 'btrim', 'ltrim', 'rtrim', 'length', 'char_length',
                 'octet_length', 'left', 'right', 'substr', 'substring', 'replace', 'regexp_replace',
                 'regexp_match', 'regexp_matches', 'regexp_split_to_array', 'translate', 'strpos',
                 'split_part', 'string_to_array', 'array_to_string', 'format', 'quote_ident',
                 'quote_literal', 'quote_nullable', 'md5', 'encode', 'decode', 'convert_from',
                 'convert_to', 'normalize', 'to_jsonb', 'to_json', 'row_to_json', 'jsonb_typeof',
                 'jsonb_object_keys', 'jsonb_each', 'jsonb_each_text', 'jsonb_array_elements',
                 'jsonb_array_elements_text', 'jsonb_array_length', 'jsonb_extract_path_text',
                 'jsonb_strip_nulls', 'jsonb_set', 'jsonb_populate_record', 'jsonb_build_object',
                 'now', 'clock_timestamp', 'statement_timestamp', 'transaction_timestamp',
                 'isfinite', 'date_trunc', 'date_part', 'age', 'to_timestamp', 'to_char',
                 'gen_random_uuid', 'abs', 'round', 'trunc', 'ceil', 'floor', 'sqrt', 'ln', 'exp',
                 'power', 'div', 'mod', 'array_position', 'array_positions', 'array_length',
                 'array_upper', 'array_lower', 'cardinality', 'unnest', 'array_append',
                 'array_prepend', 'array_cat', 'array_remove', 'array_agg', 'string_agg', 'count',
                 'sum', 'avg', 'min', 'max', 'bool_or', 'bool_and', 'every', 'jsonb_agg',
                 'jsonb_object_agg', 'json_agg', 'current_setting', 'set_config',
                 'pg_advisory_xact_lock', 'pg_try_advisory_xact_lock', 'hashtext', 'pg_notify',
                 'txid_current', 'pg_current_xact_id', 'has_table_privilege',
                 'has_function_privilege', 'pg_has_role', 'to_regclass', 'to_regprocedure',
                 'to_regtype', 'to_regrole', 'to_regnamespace', 'format_type', 'texteq', 'uuid_eq',
                 'nameeq', 'textlike', 'textregexeq', 'enum_eq', 'array_eq', 'jsonb_exists',
                 'nullif', 'greatest', 'least', 'make_interval', 'justify_interval', 'extract',
                 'pg_typeof', 'row_number', 'num_nonnulls', 'num_nulls', 'pg_backend_pid')
           AND NOT EXISTS (SELECT 1 FROM unnest(f.proargtypes::oid[]) t
                            WHERE t IN ('"any"'::regtype, 'internal'::regtype, 'cstring'::regtype))
           AND f.prorettype NOT IN ('internal'::regtype, 'trigger'::regtype, 'cstring'::regtype)
           AND (f.prokind = 'f' OR EXISTS (SELECT 1 FROM pg_aggregate a
                                            WHERE a.aggfnoid = f.oid AND a.aggkind = 'n'))
    LOOP
        i := i + 1;
        BEGIN
            IF p.prokind = 'f' THEN
                ret := CASE WHEN p.proretset OR p.has_out THEN 'RETURN;' ELSE 'RETURN NULL;' END;
                EXECUTE format('CREATE FUNCTION evil.%I(%s) RETURNS %s LANGUAGE plpgsql SET search_path = pg_catalog '
                               'AS $b$BEGIN PERFORM evil.hit(%L); %s END$b$',
                               p.proname, p.args, p.res, p.proname || '(' || p.args || ')', ret);
            ELSE
                EXECUTE format('CREATE FUNCTION evil.%I(%s) RETURNS %s LANGUAGE plpgsql SET search_path = pg_catalog '
                               'AS $b$BEGIN PERFORM evil.hit(%L); RETURN NULL; END$b$',
                               'agg_sf_' || i, p.rettype || CASE WHEN p.args IN ('', '*') THEN '' ELSE ', ' || p.args END,
                               p.rettype, p.proname || '(' || p.args || ')');
                EXECUTE format('CREATE AGGREGATE evil.%I(%s) (SFUNC = evil.%I, STYPE = %s)',
                               p.proname, CASE WHEN p.args IN ('', '*') THEN '*' ELSE p.args END, 'agg_sf_' || i, p.rettype);
            END IF;
            made := made + 1;
        EXCEPTION WHEN OTHERS THEN
            NULL;   -- a signature plpgsql cannot express: skipped
        END;
    END LOOP;
    IF made < 150 THEN
        RAISE EXCEPTION 'only % look-alike functions made', made;
    END IF;

    -- operators with the exact signatures of pg_catalog's
    made := 0;
    FOR p IN
        SELECT o.oid, o.oprname, o.oprleft, o.oprright, o.oprresult
          FROM pg_operator o
         WHERE o.oprnamespace = 'pg_catalog'::regnamespace
           AND o.oprname IN ('=', '<>', '<', '>', '<=', '>=', '~', '!~', '~*', '!~*', '~~', '!~~',
                             '~~*', '||', '?', '?|', '?&', '->', '->>', '#>', '#>>', '@>', '<@',
                             '&&', '+', '-', '*', '/', '%')
           AND o.oprleft IN (0, 'uuid'::regtype, 'text'::regtype, 'name'::regtype, 'numeric'::regtype,
                             'integer'::regtype, 'bigint'::regtype, 'timestamptz'::regtype,
                             'interval'::regtype, 'boolean'::regtype, 'jsonb'::regtype, 'text[]'::regtype,
                             'anyarray'::regtype, 'anyenum'::regtype, 'anyelement'::regtype,
                             'anycompatiblearray'::regtype, 'anycompatible'::regtype,
                             'anynonarray'::regtype, 'double precision'::regtype, 'oid'::regtype)
           AND o.oprright IN ('uuid'::regtype, 'text'::regtype, 'name'::regtype, 'numeric'::regtype,
                             'integer'::regtype, 'bigint'::regtype, 'timestamptz'::regtype,
                             'interval'::regtype, 'boolean'::regtype, 'jsonb'::regtype, 'text[]'::regtype,
                             'anyarray'::regtype, 'anyenum'::regtype, 'anyelement'::regtype,
                             'anycompatiblearray'::regtype, 'anycompatible'::regtype,
                             'anynonarray'::regtype, 'double precision'::regtype, 'oid'::regtype)
    LOOP
        i := i + 1;
        BEGIN
            IF p.oprleft = 0 THEN
                EXECUTE format('CREATE FUNCTION evil.%I(%s) RETURNS %s LANGUAGE plpgsql SET search_path = pg_catalog '
                               'AS $b$BEGIN PERFORM evil.hit(%L); RETURN NULL; END$b$',
                               'op_' || i, p.oprright::regtype, p.oprresult::regtype, 'operator ' || p.oid::regoperator::text);
                EXECUTE format('CREATE OPERATOR evil.%s (RIGHTARG = %s, FUNCTION = evil.%I)',
                               p.oprname, p.oprright::regtype, 'op_' || i);
            ELSE
                EXECUTE format('CREATE FUNCTION evil.%I(%s, %s) RETURNS %s LANGUAGE plpgsql SET search_path = pg_catalog '
                               'AS $b$BEGIN PERFORM evil.hit(%L); RETURN NULL; END$b$',
                               'op_' || i, p.oprleft::regtype, p.oprright::regtype, p.oprresult::regtype,
                               'operator ' || p.oid::regoperator::text);
                EXECUTE format('CREATE OPERATOR evil.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = evil.%I)',
                               p.oprname, p.oprleft::regtype, p.oprright::regtype, 'op_' || i);
            END IF;
            made := made + 1;
        EXCEPTION WHEN OTHERS THEN
            NULL;
        END;
    END LOOP;
    IF made < 150 THEN
        RAISE EXCEPTION 'only % look-alike operators made', made;
    END IF;

    -- better matches than pg_catalog's polymorphic ones: exact operators and
    -- functions on the extension's enums and enum arrays win even when
    -- pg_catalog is searched first
    FOR e IN SELECT t.oid::regtype::text AS typ FROM pg_type t
              WHERE t.typnamespace = 'ai_value'::regnamespace AND t.typtype = 'e'
    LOOP
        FOR p IN SELECT * FROM unnest(ARRAY['=', '<>', '<', '>', '<=', '>=']) op
        LOOP
            i := i + 1;
            EXECUTE format('CREATE FUNCTION evil.%I(%s, %s) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog '
                           'AS $b$BEGIN PERFORM evil.hit(%L); RETURN NULL; END$b$',
                           'op_' || i, e.typ, e.typ, p.op || ' on ' || e.typ);
            EXECUTE format('CREATE OPERATOR evil.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = evil.%I)',
                           p.op, e.typ, e.typ, 'op_' || i);
        END LOOP;
        FOR p IN SELECT * FROM unnest(ARRAY['=', '<>', '@>', '<@', '&&']) op
        LOOP
            i := i + 1;
            EXECUTE format('CREATE FUNCTION evil.%I(%s[], %s[]) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog '
                           'AS $b$BEGIN PERFORM evil.hit(%L); RETURN NULL; END$b$',
                           'op_' || i, e.typ, e.typ, p.op || ' on ' || e.typ || '[]');
            EXECUTE format('CREATE OPERATOR evil.%s (LEFTARG = %s[], RIGHTARG = %s[], FUNCTION = evil.%I)',
                           p.op, e.typ, e.typ, 'op_' || i);
        END LOOP;
        i := i + 1;
        EXECUTE format('CREATE FUNCTION evil.array_position(%s[], %s) RETURNS integer LANGUAGE plpgsql SET search_path = pg_catalog '
                       'AS $b$BEGIN PERFORM evil.hit(%L); RETURN NULL; END$b$', e.typ, e.typ, 'array_position on ' || e.typ);
        EXECUTE format('CREATE FUNCTION evil.to_jsonb(%s) RETURNS jsonb LANGUAGE plpgsql SET search_path = pg_catalog '
                       'AS $b$BEGIN PERFORM evil.hit(%L); RETURN NULL; END$b$', e.typ, 'to_jsonb on ' || e.typ);
    END LOOP;
    -- look-alike functions on name (current_user, role names) and on the row types of the tables
    EXECUTE $b$CREATE FUNCTION evil.lower(name) RETURNS text LANGUAGE plpgsql SET search_path = pg_catalog
                AS $x$BEGIN PERFORM evil.hit('lower(name)'); RETURN NULL; END$x$$b$;
    EXECUTE $b$CREATE FUNCTION evil.btrim(name) RETURNS text LANGUAGE plpgsql SET search_path = pg_catalog
                AS $x$BEGIN PERFORM evil.hit('btrim(name)'); RETURN NULL; END$x$$b$;
    FOR e IN SELECT c.oid::regclass::text AS rel FROM pg_class c
              WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind = 'r'
    LOOP
        EXECUTE format('CREATE FUNCTION evil.to_jsonb(%s) RETURNS jsonb LANGUAGE plpgsql SET search_path = pg_catalog '
                       'AS $b$BEGIN PERFORM evil.hit(%L); RETURN NULL; END$b$', e.rel, 'to_jsonb on ' || e.rel);
    END LOOP;
    -- look-alike types: a cast to "jsonb" or "uuid" spelt without schema would find these
    -- (integer, bigint, boolean, numeric ... are grammar keywords bound to pg_catalog)
    FOR e IN SELECT * FROM unnest(ARRAY['uuid', 'text', 'jsonb', 'json', 'timestamptz', 'bool', 'name',
                                        'int4', 'int8', 'float8', 'oid', 'regclass', 'regtype',
                                        'regprocedure', 'regrole', 'regnamespace']) typ
    LOOP
        EXECUTE format('CREATE DOMAIN evil.%I AS pg_catalog.%I CHECK (evil.hit_b(VALUE))', e.typ, e.typ);
    END LOOP;
END
$gen$;
RESET ROLE;
SELECT count(*) > 300 AS many_lookalikes FROM (
    SELECT oid FROM pg_proc WHERE pronamespace = 'evil'::regnamespace
    UNION ALL SELECT oid FROM pg_operator WHERE oprnamespace = 'evil'::regnamespace) x;

-- av_evil(path, sql): runs sql with search_path = path and reports 'ok' or
-- 'SQLSTATE: message'. Its own code runs with a pinned path; the subtransaction
-- abort puts the path back on error.
CREATE FUNCTION public.av_evil(path text, sql text) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
DECLARE
    st text;
    msg text;
BEGIN
    PERFORM pg_catalog.set_config('search_path', path, true);
    EXECUTE sql;
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
    RETURN st || ': ' || msg;
END
$f$;

-- control: the detector works (an unqualified call with the look-alikes first)
SELECT public.av_evil('evil, pg_catalog', $$SELECT lower('X')$$) AS control_unqualified_call;
SELECT public.av_evil('evil', $$SELECT ARRAY['ranking']::ai_value.metric_use[] && ARRAY['ranking']::ai_value.metric_use[]$$) AS control_enum_array_operator;
SELECT public.av_evil('evil, pg_catalog', $$SELECT ai_value._check_payload('{}', '{}')$$) AS control_pinned_function;

-- 5a. The normal writes, each role with the look-alikes first on its path.
SELECT count(*) AS audit_before FROM ai_value.audit_log \gset
-- a team owner proposes a metric, with the session's path pointing at evil
SET ROLE av_owner;
SET search_path = evil, pg_catalog;
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, formula, data_source,
        quality_gate, anti_gaming_check, intended_uses)
VALUES ('review_quality_score', 'Review quality score', 'quality', 'mean reviewer score (1-5)',
        'code review tool', 'at least 20 reviews per period', 'reviewers rotate; self-reviews excluded',
        '{team_improvement}');
RESET search_path;
RESET ROLE;
SELECT id AS proposed_id FROM ai_value.ai_value_metrics WHERE metric_key = 'review_quality_score' \gset
SET ROLE av_owner;
SET search_path = evil;
INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at)
VALUES (:'proposed_id', 'pilot in team blue', 'now'::pg_catalog.timestamptz + '7 days'::pg_catalog.interval);
RESET search_path;
SELECT av_evil('evil, pg_catalog, pg_temp', format($$INSERT INTO ai_value.ai_workflow_outcomes
        (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
        VALUES ('aaaaaaaa-0000-0000-0000-000000000001', %L, 0.50, 0.61, 'helpdesk:week-48')$$, :'approved_id'));
RESET ROLE;
-- a writer records outcomes (several rows in one statement) and diagnostics
SET ROLE av_writer;
SET search_path = evil, pg_catalog;
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref, evidence_kind)
VALUES ('aaaaaaaa-0000-0000-0000-000000000002', :'approved_id', 0.40, 0.45, 'helpdesk:week-48', 'system_log'),
       ('aaaaaaaa-0000-0000-0000-000000000002', :'approved_id', 0.45, 0.47, 'helpdesk:week-49', 'sampled_review');
INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end, prompt_count)
VALUES ('aaaaaaaa-0000-0000-0000-000000000002', 120000, 'model-x', 3.20,
        '2026-11-01 00:00+00', '2026-11-08 00:00+00', 800);
RESET search_path;
SELECT av_evil('evil, pg_catalog', format($$INSERT INTO ai_value.ai_workflow_outcomes
        (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
        VALUES ('aaaaaaaa-0000-0000-0000-000000000003', %L, 1, 2, 'helpdesk:week-49')$$, :'approved_id'));
RESET ROLE;
-- finance records diagnostics
SET ROLE av_fin;
SELECT av_evil('evil, pg_catalog', $$INSERT INTO ai_value.token_cost_diagnostics
        (workflow_id, token_count, model, cost, period_start, period_end)
        VALUES ('aaaaaaaa-0000-0000-0000-000000000003', 5000, 'model-y', 0.1,
                '2026-11-01 00:00+00', '2026-11-02 00:00+00')$$);
RESET ROLE;
-- governance (a victim with a polluted path) writes a rule and decides the exception
SET ROLE av_gov;
SELECT av_evil('evil, pg_catalog', format($$INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale)
        VALUES (%L, 'requires_exception', 'pilot only under a time-boxed exception')$$, :'proposed_id'));
SELECT av_evil('evil, pg_catalog', format($$UPDATE ai_value.metric_exceptions
        SET status = 'approved', approved_by = '22222222-2222-2222-2222-222222222221',
            decided_at = 'now', decision_note = 'ok for the pilot'
        WHERE metric_id OPERATOR(pg_catalog.=) %L$$, :'proposed_id'));
RESET ROLE;
-- and the superuser, also with a polluted path
SELECT av_evil('evil, pg_catalog', $$INSERT INTO ai_value.principals (role_name, person_id, display_name)
        VALUES ('av_unmapped_gov', '77777777-7777-7777-7777-777777777777', 'Unmapped')$$);
SELECT av_evil('evil, pg_catalog', $$UPDATE ai_value.settings SET value = 91
        WHERE key OPERATOR(pg_catalog.=) 'max_exception_days'$$);
SELECT av_evil('evil, pg_catalog', $$DELETE FROM ai_value.token_cost_diagnostics
        WHERE model OPERATOR(pg_catalog.=) 'model-y'$$);

-- The writes landed and were audited with the right actors.
SELECT count(*) AS outcomes FROM ai_value.ai_workflow_outcomes;
SELECT actor_role, session_role, action, table_name, row_count, actor_id IS NOT NULL AS has_actor_id
  FROM ai_value.audit_log WHERE id > :audit_before ORDER BY id;
SELECT owner_id FROM ai_value.ai_value_metrics WHERE metric_key = 'review_quality_score';
SELECT requested_by, approved_by, status FROM ai_value.metric_exceptions;
SELECT approved_by FROM ai_value.metric_policy_rules WHERE metric_id = :'proposed_id';

-- 5b. Every function of ai_value each role may execute, called with the
-- look-alikes first on the path (both orders of pg_catalog), with NULL
-- arguments and with plausible ones. Each call is rolled back. No call may
-- reach a look-alike (HIJACKED) or fail with an internal error (XX000).
CREATE FUNCTION public.av_probe_all(ctx jsonb)
RETURNS TABLE(calls bigint, hijacked bigint, internal_errors bigint, offenders text)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp SET client_min_messages = warning AS $f$
DECLARE
    f record;
    path text;
    variant int;
    args text;
    q text;
    st text;
    msg text;
    n bigint := 0;
    hj bigint := 0;
    ie bigint := 0;
    bad text[] := '{}';
    payload jsonb;
BEGIN
    FOR f IN SELECT p.oid, p.oid::regproc::text AS fname, p.proargtypes::oid[] AS argt
               FROM pg_proc p
              WHERE p.pronamespace = 'ai_value'::regnamespace AND p.prokind = 'f'
                AND p.prorettype <> 'trigger'::regtype
                AND has_function_privilege(current_user, p.oid, 'EXECUTE')
              ORDER BY p.oid
    LOOP
        FOREACH path IN ARRAY ARRAY['evil, pg_catalog, pg_temp', 'evil, public'] LOOP
            FOR variant IN 0..3 LOOP
                payload := CASE variant
                    WHEN 1 THEN ctx -> 'payload'
                    WHEN 2 THEN ctx -> 'payload2'
                    ELSE '{}'::jsonb END;
                SELECT string_agg(
                         CASE WHEN variant = 0 THEN 'NULL'
                              WHEN t = 'jsonb'::regtype THEN quote_literal(payload::text)
                              WHEN t = 'text'::regtype THEN quote_literal(CASE variant WHEN 3 THEN ctx ->> 'key2' ELSE ctx ->> 'key' END)
                              WHEN t = 'uuid'::regtype THEN quote_literal(CASE variant WHEN 3 THEN ctx ->> 'id2' ELSE ctx ->> 'id' END)
                              WHEN t = 'timestamptz'::regtype THEN quote_literal(ctx ->> 'since')
                              WHEN t = 'boolean'::regtype THEN CASE variant WHEN 1 THEN 'true' ELSE 'false' END
                              WHEN t IN ('numeric'::regtype, 'integer'::regtype, 'bigint'::regtype) THEN '1'
                              WHEN t = 'ai_value.metric_policy'::regtype THEN quote_literal(
                                   (ARRAY['allow', 'block', 'diagnostic_only', 'requires_exception'])[variant + 1])
                              ELSE 'NULL' END
                         || '::' || CASE WHEN ty.typnamespace = 'pg_catalog'::regnamespace
                                         THEN 'pg_catalog.' || quote_ident(ty.typname)
                                         ELSE format_type(t, NULL) END,
                         ', ' ORDER BY ord)
                  INTO args
                  FROM unnest(f.argt) WITH ORDINALITY a(t, ord) JOIN pg_type ty ON ty.oid = a.t;
                q := 'SELECT ' || f.fname || '(' || COALESCE(args, '') || ')';
                n := n + 1;
                BEGIN
                    PERFORM pg_catalog.set_config('search_path', path, true);
                    EXECUTE q;
                    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
                    RAISE EXCEPTION USING ERRCODE = 'AVZZZ', MESSAGE = 'probe rolled back';
                EXCEPTION WHEN OTHERS THEN
                    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
                    IF msg LIKE '%HIJACKED%' THEN
                        hj := hj + 1;
                        bad := bad || (st || ' ' || left(msg, 120) || ' <- ' || q);
                    ELSIF st = 'XX000' THEN
                        ie := ie + 1;
                        bad := bad || (st || ' ' || left(msg, 120) || ' <- ' || q);
                    END IF;
                END;
            END LOOP;
        END LOOP;
    END LOOP;
    RETURN QUERY SELECT n, hj, ie, NULLIF(array_to_string(bad, E'\n'), '');
END
$f$;
SELECT jsonb_build_object(
    'key', 'review_quality_score', 'key2', 'ticket_resolution_rate',
    'id', :'proposed_id', 'id2', (SELECT id FROM ai_value.metric_exceptions LIMIT 1),
    'since', (now() - interval '30 days')::text,
    'payload', jsonb_build_object('metric_key', 'ticket_resolution_rate',
        'workflow_id', 'aaaaaaaa-0000-0000-0000-000000000009', 'baseline_value', 1,
        'observed_value', 2, 'evidence_ref', 'probe', 'measured_at', (now() - interval '1 hour')::text),
    'payload2', jsonb_build_object('metric_key', 'probe_value_metric', 'metric_name', 'Probe value metric',
        'metric_type', 'quality', 'formula', 'x', 'data_source', 'y', 'quality_gate', 'z',
        'anti_gaming_check', 'w', 'intended_uses', jsonb_build_array('team_improvement'),
        'reason', 'probe', 'expires_at', (now() + interval '2 days')::text))::text AS probe_ctx \gset
SELECT count(*) AS audit_before_probe FROM ai_value.audit_log \gset
SET ROLE av_writer;
SELECT 'writer' AS seat, calls > 0 AS called, hijacked, internal_errors, offenders FROM public.av_probe_all(:'probe_ctx');
SET ROLE av_owner;
SELECT 'team_owner' AS seat, calls > 0 AS called, hijacked, internal_errors, offenders FROM public.av_probe_all(:'probe_ctx');
SET ROLE av_gov;
SELECT 'governance' AS seat, calls > 0 AS called, hijacked, internal_errors, offenders FROM public.av_probe_all(:'probe_ctx');
SET ROLE av_fin;
SELECT 'finance' AS seat, calls > 0 AS called, hijacked, internal_errors, offenders FROM public.av_probe_all(:'probe_ctx');
SET ROLE av_perf;
SELECT 'performance_admin' AS seat, calls > 0 AS called, hijacked, internal_errors, offenders FROM public.av_probe_all(:'probe_ctx');
SET ROLE av_owner_gov;
SELECT 'owner_and_governance' AS seat, calls > 0 AS called, hijacked, internal_errors, offenders FROM public.av_probe_all(:'probe_ctx');
RESET ROLE;
SELECT 'superuser' AS seat, calls > 0 AS called, hijacked, internal_errors, offenders FROM public.av_probe_all(:'probe_ctx');
-- the probes were rolled back: nothing audited, nothing written
SELECT count(*) - :audit_before_probe AS audit_rows_from_probes FROM ai_value.audit_log;
-- BI reads of every view and table each seat may read, with the path polluted
CREATE FUNCTION public.av_read_all() RETURNS TABLE(reads bigint, hijacked bigint, other text)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
DECLARE
    r record;
    st text;
    msg text;
    n bigint := 0;
    hj bigint := 0;
    bad text[] := '{}';
BEGIN
    FOR r IN SELECT c.oid::regclass::text AS rel, 'SELECT * FROM ' || c.oid::regclass::text AS q FROM pg_class c
              WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
                AND has_table_privilege(current_user, c.oid, 'SELECT')
    LOOP
        n := n + 1;
        BEGIN
            -- the query text is built before the path changes: only the
            -- statement itself runs with the look-alikes first
            PERFORM pg_catalog.set_config('search_path', 'evil, pg_catalog, pg_temp', true);
            EXECUTE r.q;
            PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
            IF msg LIKE '%HIJACKED%' THEN hj := hj + 1; END IF;
            bad := bad || (st || ' ' || left(msg, 120) || ' <- ' || r.rel);
        END;
    END LOOP;
    RETURN QUERY SELECT n, hj, NULLIF(array_to_string(bad, E'\n'), '');
END
$f$;
SET ROLE av_perf;
SELECT 'performance_admin' AS seat, hijacked, other FROM public.av_read_all();
SET ROLE av_fin;
SELECT 'finance' AS seat, reads > 0 AS read_something, hijacked, other FROM public.av_read_all();
SET ROLE av_gov;
SELECT 'governance' AS seat, reads > 0 AS read_something, hijacked, other FROM public.av_read_all();
SET ROLE av_owner;
SELECT 'team_owner' AS seat, reads > 0 AS read_something, hijacked, other FROM public.av_read_all();
RESET ROLE;

-- ===================================================================
-- 6. TRUNCATE, replica mode and DISABLE TRIGGER change nothing
-- ===================================================================
CREATE FUNCTION public.av_rowcounts() RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
DECLARE
    r record;
    n bigint;
    res jsonb := '{}';
BEGIN
    FOR r IN SELECT c.oid::regclass::text AS rel FROM pg_class c
              WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p')
    LOOP
        EXECUTE 'SELECT count(*) FROM ' || r.rel INTO n;
        res := res || jsonb_build_object(r.rel, n);
    END LOOP;
    RETURN res;
END
$f$;
SELECT public.av_rowcounts()::text AS counts_before \gset
-- every seat, on every table: TRUNCATE and DISABLE TRIGGER are refused (42501)
CREATE FUNCTION public.av_ddl_tricks() RETURNS TABLE(attempts bigint, refused_42501 bigint, other text)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
DECLARE
    r record;
    st text;
    n bigint := 0;
    refused bigint := 0;
    bad text[] := '{}';
BEGIN
    FOR r IN SELECT x.q FROM pg_class c,
                    LATERAL (VALUES ('TRUNCATE ' || c.oid::regclass::text),
                                    ('TRUNCATE ' || c.oid::regclass::text || ' CASCADE'),
                                    ('ALTER TABLE ' || c.oid::regclass::text || ' DISABLE TRIGGER ALL'),
                                    ('ALTER TABLE ' || c.oid::regclass::text || ' DISABLE TRIGGER USER'),
                                    ('ALTER TABLE ' || c.oid::regclass::text || ' DISABLE ROW LEVEL SECURITY'),
                                    ('ALTER TABLE ' || c.oid::regclass::text || ' OWNER TO ' || quote_ident(current_user)),
                                    ('DROP TABLE ' || c.oid::regclass::text)) x(q)
              WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p')
             UNION ALL
             SELECT x.q FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid,
                    LATERAL (VALUES ('DROP TRIGGER ' || quote_ident(tg.tgname) || ' ON ' || tg.tgrelid::regclass::text),
                                    ('ALTER TABLE ' || tg.tgrelid::regclass::text || ' DISABLE TRIGGER ' || quote_ident(tg.tgname)),
                                    ('ALTER TABLE ' || tg.tgrelid::regclass::text || ' ENABLE REPLICA TRIGGER ' || quote_ident(tg.tgname))) x(q)
              WHERE c.relnamespace = 'ai_value'::regnamespace AND NOT tg.tgisinternal
             UNION ALL
             SELECT 'ALTER FUNCTION ' || p.oid::regprocedure::text || ' SECURITY INVOKER'
               FROM pg_proc p WHERE p.pronamespace = 'ai_value'::regnamespace
             UNION ALL
             SELECT 'CREATE FUNCTION ai_value.av_planted() RETURNS int LANGUAGE sql AS ''SELECT 1'''
             UNION ALL
             SELECT 'SET session_replication_role = replica'
    LOOP
        n := n + 1;
        BEGIN
            EXECUTE r.q;
            bad := bad || ('ok: ' || r.q);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
            IF st = '42501' THEN
                refused := refused + 1;
            ELSE
                bad := bad || (st || ': ' || r.q);
            END IF;
        END;
    END LOOP;
    RETURN QUERY SELECT n, refused, NULLIF(array_to_string(bad, E'\n'), '');
END
$f$;
SET ROLE av_owner;
SELECT 'team_owner' AS seat, attempts = refused_42501 AS all_refused, other FROM public.av_ddl_tricks();
SET ROLE av_gov;
SELECT 'governance' AS seat, attempts = refused_42501 AS all_refused, other FROM public.av_ddl_tricks();
SET ROLE av_writer;
SELECT 'writer' AS seat, attempts = refused_42501 AS all_refused, other FROM public.av_ddl_tricks();
SET ROLE av_fin;
SELECT 'finance' AS seat, attempts = refused_42501 AS all_refused, other FROM public.av_ddl_tricks();
SET ROLE av_perf;
SELECT 'performance_admin' AS seat, attempts = refused_42501 AS all_refused, other FROM public.av_ddl_tricks();
SET ROLE av_owner_gov;
SELECT 'owner_and_governance' AS seat, attempts = refused_42501 AS all_refused, other FROM public.av_ddl_tricks();
RESET ROLE;
-- the superuser's TRUNCATE is refused by the guard triggers, table by table
CREATE FUNCTION public.av_truncate_all() RETURNS TABLE(tables bigint, refused bigint, other text)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp SET client_min_messages = warning AS $f$
DECLARE
    r record;
    st text;
    n bigint := 0;
    k bigint := 0;
    bad text[] := '{}';
BEGIN
    FOR r IN SELECT c.oid::regclass::text AS rel FROM pg_class c
              WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p')
    LOOP
        n := n + 1;
        BEGIN
            EXECUTE 'TRUNCATE ' || r.rel || ' CASCADE';
            bad := bad || ('ok: ' || r.rel);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
            IF st = '42501' THEN k := k + 1; ELSE bad := bad || (st || ': ' || r.rel); END IF;
        END;
    END LOOP;
    RETURN QUERY SELECT n, k, NULLIF(array_to_string(bad, E'\n'), '');
END
$f$;
SELECT tables = refused AS superuser_truncate_all_refused, other FROM public.av_truncate_all();
-- replica mode (superuser): the guards, actor resolution and audit still fire
SET session_replication_role = replica;
SELECT count(*) AS audit_before_replica FROM ai_value.audit_log \gset
SELECT av_try('UPDATE ai_value.audit_log SET actor_role = ''nobody''');
SELECT av_try('DELETE FROM ai_value.audit_log');
SELECT av_try('TRUNCATE ai_value.audit_log');
SELECT av_try('TRUNCATE ai_value.ai_workflow_outcomes');
SELECT av_try($$INSERT INTO ai_value.audit_log (actor_role, session_role, action, table_name) VALUES ('x', 'x', 'INSERT', 'x')$$);
SET ROLE av_writer;
SELECT av_try(format($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
                       VALUES ('aaaaaaaa-0000-0000-0000-000000000004', %L, 1, 1.5, 'replica-mode')$$, :'approved_id'));
RESET ROLE;
SET ROLE av_owner;
SELECT av_try($$INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, owner_id)
                VALUES ('forged_in_replica_mode', 'Forged', 'quality', '22222222-2222-2222-2222-222222222221')$$);
SELECT av_try($$INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type)
                VALUES ('proposed_in_replica_mode', 'Proposed in replica mode', 'quality')$$);
RESET ROLE;
RESET session_replication_role;
SELECT action, table_name, actor_role, row_count FROM ai_value.audit_log WHERE id > :audit_before_replica ORDER BY id;
SELECT owner_id FROM ai_value.ai_value_metrics WHERE metric_key = 'proposed_in_replica_mode';
-- nothing changed in the contract's tables but the two accepted inserts of
-- replica mode and their audit rows (derived tables such as rollups are not
-- listed: they follow the data)
SELECT key, value::bigint - (:'counts_before'::jsonb ->> key)::bigint AS rows_added
  FROM jsonb_each_text(public.av_rowcounts())
 WHERE (:'counts_before'::jsonb ->> key)::bigint IS DISTINCT FROM value::bigint
   AND key IN ('ai_value.ai_value_metrics', 'ai_value.metric_policy_rules', 'ai_value.ai_workflow_outcomes',
               'ai_value.token_cost_diagnostics', 'ai_value.gaming_alerts', 'ai_value.metric_exceptions',
               'ai_value.principals', 'ai_value.settings', 'ai_value.activity_terms', 'ai_value.audit_log')
 ORDER BY key;
-- triggers are all still ENABLE ALWAYS (expect no rows)
SELECT tg.tgrelid::regclass AS rel, tg.tgname, tg.tgenabled
  FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
 WHERE c.relnamespace = 'ai_value'::regnamespace AND NOT tg.tgisinternal AND tg.tgenabled <> 'A';

-- ===================================================================
-- 7. CREATE EXTENSION never adopts pre-existing objects (CVE-2022-2625 class)
-- ===================================================================
SET client_min_messages = warning;
DROP SCHEMA evil CASCADE;
RESET client_min_messages;
DROP EXTENSION aivalue;
DROP SCHEMA IF EXISTS ai_value;
-- a table with an extension table's name in a pre-made schema
CREATE SCHEMA ai_value;
CREATE TABLE ai_value.principals (role_name name, person_id uuid, display_name text);
SELECT av_try('CREATE EXTENSION aivalue');
SELECT count(*) AS extension_installed FROM pg_extension WHERE extname = 'aivalue';
DROP SCHEMA ai_value CASCADE;
-- an existing function with an extension function's signature
CREATE SCHEMA ai_value;
CREATE FUNCTION ai_value._restoring() RETURNS boolean LANGUAGE sql AS 'SELECT true';
SELECT av_try('CREATE EXTENSION aivalue');
DROP SCHEMA ai_value CASCADE;
-- an existing type with an extension type's name
CREATE SCHEMA ai_value;
CREATE TYPE ai_value.metric_status AS ENUM ('approved');
SELECT av_try('CREATE EXTENSION aivalue');
DROP SCHEMA ai_value CASCADE;
-- an existing view in place of the audit log
CREATE SCHEMA ai_value;
CREATE VIEW ai_value.audit_log AS SELECT 1 AS id;
SELECT av_try('CREATE EXTENSION aivalue');
DROP SCHEMA ai_value CASCADE;
-- a pre-made schema owned by an ordinary role: its owner could rename it
-- and put look-alike tables in its place, so it must not be used
CREATE SCHEMA ai_value AUTHORIZATION av_writer;
SELECT av_try('CREATE EXTENSION aivalue');
SELECT count(*) AS extension_installed FROM pg_extension WHERE extname = 'aivalue';
DROP EXTENSION IF EXISTS aivalue;
DROP SCHEMA ai_value CASCADE;
-- a pre-made schema holding a stray function that does not collide
CREATE SCHEMA ai_value;
CREATE FUNCTION ai_value.lower(text) RETURNS text LANGUAGE sql AS 'SELECT ''hijacked''';
SELECT av_try('CREATE EXTENSION aivalue');
SELECT count(*) AS extension_installed FROM pg_extension WHERE extname = 'aivalue';
DROP EXTENSION IF EXISTS aivalue;
DROP SCHEMA ai_value CASCADE;
-- a clean install still works
CREATE EXTENSION aivalue;
SELECT count(*) AS extension_installed FROM pg_extension WHERE extname = 'aivalue';

DROP FUNCTION public.av_touch_everything(), public.av_evil(text, text), public.av_probe_all(jsonb),
    public.av_read_all(), public.av_rowcounts(), public.av_ddl_tricks(), public.av_truncate_all();
DROP ROLE av_unmapped_gov;
