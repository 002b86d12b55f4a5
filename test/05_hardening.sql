-- 05_hardening: the catalog invariants behind issue 8, as pgTAP assertions
-- over whatever the installed extension holds (functions, tables and
-- triggers are discovered, so pieces added later are covered): SECURITY
-- DEFINER functions pin search_path and are not executable by PUBLIC,
-- plpgsql/SQL functions pin search_path, every trigger is ENABLE ALWAYS,
-- every table refuses TRUNCATE, a role without a seat reaches nothing, and
-- a look-alike operator first on the path is not reached by the API's
-- payload check. Everything happens inside the test transaction.
BEGIN;
SET LOCAL client_min_messages = warning;
CREATE ROLE hx_noseat NOLOGIN;

SELECT plan(12);

SELECT ok((SELECT count(*) > 0 FROM pg_proc WHERE pronamespace = 'ai_value'::regnamespace AND prosecdef),
          'the schema has SECURITY DEFINER functions to check');
SELECT is_empty($$SELECT p.oid::regprocedure FROM pg_proc p
                   WHERE p.pronamespace = 'ai_value'::regnamespace AND p.prosecdef
                     AND NOT COALESCE(p.proconfig, '{}') @> ARRAY['search_path=pg_catalog, pg_temp']$$,
                'every SECURITY DEFINER function sets search_path = pg_catalog, pg_temp');
SELECT is_empty($$SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
                   WHERE p.pronamespace = 'ai_value'::regnamespace AND l.lanname IN ('plpgsql', 'sql')
                     AND p.prosqlbody IS NULL
                     AND NOT COALESCE(p.proconfig, '{}') @> ARRAY['search_path=pg_catalog, pg_temp']$$,
                'every plpgsql / SQL function sets search_path = pg_catalog, pg_temp');
SELECT is_empty($$SELECT p.oid::regprocedure FROM pg_proc p
                   WHERE p.pronamespace = 'ai_value'::regnamespace
                     AND (p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a
                                                       WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE'))$$,
                'no function of ai_value is executable by PUBLIC');
SELECT is_empty($$SELECT tg.tgrelid::regclass, tg.tgname FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
                   WHERE c.relnamespace = 'ai_value'::regnamespace AND NOT tg.tgisinternal AND tg.tgenabled <> 'A'$$,
                'every trigger of ai_value is ENABLE ALWAYS');
SELECT is_empty($$SELECT c.oid::regclass FROM pg_class c
                   WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p')
                     AND NOT EXISTS (SELECT 1 FROM pg_trigger tg WHERE tg.tgrelid = c.oid
                                      AND (tg.tgtype & 32) <> 0 AND tg.tgenabled = 'A')$$,
                'every table of ai_value has an ENABLE ALWAYS BEFORE TRUNCATE guard');
SELECT ok(NOT has_schema_privilege('hx_noseat', 'ai_value', 'USAGE'), 'a role without a seat has no USAGE on ai_value');
SELECT is((SELECT count(*)::int FROM pg_class c WHERE c.relnamespace = 'ai_value'::regnamespace
             AND c.relkind IN ('r', 'p', 'v', 'm')
             AND (has_table_privilege('hx_noseat', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
                  OR has_any_column_privilege('hx_noseat', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))), 0,
          'a role without a seat has no privilege on any relation of ai_value');
SELECT is((SELECT count(*)::int FROM pg_proc p WHERE p.pronamespace = 'ai_value'::regnamespace
             AND has_function_privilege('hx_noseat', p.oid, 'EXECUTE')), 0,
          'a role without a seat may execute no function of ai_value');

-- a look-alike = on text first on the path must not be reached
CREATE SCHEMA hx_evil;
CREATE FUNCTION hx_evil.texteq_hijack(text, text) RETURNS boolean LANGUAGE plpgsql AS
    $$BEGIN RAISE EXCEPTION 'HIJACKED'; END$$;
CREATE OPERATOR hx_evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = hx_evil.texteq_hijack);
-- hx_try(path, sql): the SQLSTATE of sql run with search_path = path ('ok'
-- if none); its own code runs with a pinned path (pgTAP's does not).
CREATE FUNCTION pg_temp.hx_try(path text, sql text) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
DECLARE st text;
BEGIN
    PERFORM pg_catalog.set_config('search_path', path, true);
    EXECUTE sql;
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
    RETURN st;
END
$f$;
SELECT is(pg_temp.hx_try('hx_evil, pg_catalog', $$SELECT 'a'::pg_catalog.text = 'a'::pg_catalog.text$$), 'P0001',
          'control: an unqualified = on text reaches the look-alike');
SELECT is(pg_temp.hx_try('hx_evil, pg_catalog', $$SELECT ai_value._check_payload('{"metric_keyy": 1}', '{"metric_key": "text!"}')$$),
          '22023', 'the payload check answers 22023 without reaching the look-alike');
SELECT ok(NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.refobjid = 'hx_evil'::regnamespace
                        AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'),
          'nothing of the look-alike schema became an extension member');

SELECT * FROM finish();
ROLLBACK;
