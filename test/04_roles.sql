-- 04_roles: CREATE EXTENSION adopts existing plain NOLOGIN group roles and
-- refuses roles that can log in or carry superuser-class attributes; it
-- refuses a prepared schema or pre-existing objects of its names
-- (CVE-2022-2625 class). Everything happens inside the test transaction.
BEGIN;
SET LOCAL client_min_messages = warning;
CREATE ROLE ft_mallory NOLOGIN;

SELECT plan(31);

SELECT lives_ok('DROP EXTENSION aivalue', 'DROP EXTENSION aivalue works');
SELECT is((SELECT count(*)::int FROM pg_roles WHERE rolname IN ('ai_value_team_owner', 'ai_value_governance', 'ai_value_finance',
                                                              'ai_value_performance_admin', 'ai_value_writer')), 5,
          'DROP EXTENSION leaves the five cluster-wide roles');
SELECT is((SELECT count(*)::int FROM pg_class WHERE relnamespace = 'ai_value'::regnamespace), 0,
          'DROP EXTENSION removes every relation of ai_value');

-- a role that could log in or has a superuser-class attribute is not adopted
ALTER ROLE ai_value_writer LOGIN;
SELECT throws_ok('CREATE EXTENSION aivalue', '42710',
                 'role "ai_value_writer" already exists and is not a plain NOLOGIN group role',
                 'CREATE EXTENSION refuses a same-named role that can log in');
ALTER ROLE ai_value_writer NOLOGIN;
ALTER ROLE ai_value_governance SUPERUSER;
SELECT throws_ok('CREATE EXTENSION aivalue', '42710', NULL, 'CREATE EXTENSION refuses a same-named SUPERUSER role');
ALTER ROLE ai_value_governance NOSUPERUSER;
ALTER ROLE ai_value_finance CREATEROLE;
SELECT throws_ok('CREATE EXTENSION aivalue', '42710', NULL, 'CREATE EXTENSION refuses a same-named CREATEROLE role');
ALTER ROLE ai_value_finance NOCREATEROLE;
ALTER ROLE ai_value_team_owner CREATEDB;
SELECT throws_ok('CREATE EXTENSION aivalue', '42710', NULL, 'CREATE EXTENSION refuses a same-named CREATEDB role');
ALTER ROLE ai_value_team_owner NOCREATEDB;
ALTER ROLE ai_value_performance_admin REPLICATION;
SELECT throws_ok('CREATE EXTENSION aivalue', '42710', NULL, 'CREATE EXTENSION refuses a same-named REPLICATION role');
ALTER ROLE ai_value_performance_admin NOREPLICATION;
ALTER ROLE ai_value_writer BYPASSRLS;
SELECT throws_ok('CREATE EXTENSION aivalue', '42710', NULL, 'CREATE EXTENSION refuses a same-named BYPASSRLS role');
ALTER ROLE ai_value_writer NOBYPASSRLS;
SELECT hasnt_table('ai_value', 'audit_log', 'a refused CREATE EXTENSION leaves no table behind');

-- plain NOLOGIN roles are adopted (a second database, a restore)
SELECT lives_ok('CREATE EXTENSION aivalue', 'CREATE EXTENSION adopts the existing NOLOGIN group roles');
SELECT is_empty($$SELECT rolname FROM pg_roles WHERE rolname LIKE 'ai\_value\_%' AND (rolcanlogin OR rolsuper)$$,
                'the adopted roles are still NOLOGIN non-superusers');
SELECT ok(has_table_privilege('ai_value_governance', 'ai_value.audit_log', 'SELECT'), 'the adopted governance role reads audit_log again');
SELECT ok(has_column_privilege('ai_value_team_owner', 'ai_value.ai_value_metrics', 'metric_key', 'INSERT'),
          'the adopted team_owner role proposes metrics again');
SELECT is((SELECT count(*)::int FROM ai_value.settings), 14, 'the seeded settings are back');

-- the schema left by DROP EXTENSION (superuser-owned, empty) is reused
SELECT lives_ok('DROP EXTENSION aivalue', 'drop again');
SELECT has_schema('ai_value', 'DROP EXTENSION leaves the empty schema ai_value (not an extension member)');
SELECT lives_ok('CREATE EXTENSION aivalue', 'CREATE EXTENSION reuses the empty superuser-owned schema');

-- a schema prepared by someone else is refused
SELECT lives_ok('DROP EXTENSION aivalue', 'drop again');
DROP SCHEMA ai_value;
CREATE SCHEMA ai_value AUTHORIZATION ft_mallory;
SELECT throws_ok('CREATE EXTENSION aivalue', '42501',
                 'schema "ai_value" already exists and is owned by non-superuser role "ft_mallory"',
                 'CREATE EXTENSION refuses a schema ai_value owned by a non-superuser');
DROP SCHEMA ai_value;
CREATE SCHEMA ai_value;
GRANT CREATE ON SCHEMA ai_value TO ft_mallory;
SELECT throws_ok('CREATE EXTENSION aivalue', '42501', NULL,
                 'CREATE EXTENSION refuses a schema ai_value in which another role may create objects');
REVOKE CREATE ON SCHEMA ai_value FROM ft_mallory;

-- pre-existing objects in the schema, with or without the extension's names
CREATE FUNCTION ai_value.post_metric(payload text) RETURNS jsonb LANGUAGE sql AS $$SELECT '{"status": "approved"}'::jsonb$$;
SELECT throws_ok('CREATE EXTENSION aivalue', '42P06', NULL, 'a look-alike function overload in ai_value makes CREATE EXTENSION fail');
DROP FUNCTION ai_value.post_metric(text);
CREATE FUNCTION ai_value.eq(uuid, uuid) RETURNS boolean LANGUAGE sql AS 'SELECT true';
CREATE OPERATOR ai_value.= (LEFTARG = uuid, RIGHTARG = uuid, FUNCTION = ai_value.eq);
SELECT throws_ok('CREATE EXTENSION aivalue', '42P06', NULL, 'a look-alike = operator in ai_value makes CREATE EXTENSION fail');
DROP OPERATOR ai_value.= (uuid, uuid);
DROP FUNCTION ai_value.eq(uuid, uuid);
CREATE TABLE ai_value.audit_log (id bigint);
SELECT throws_ok('CREATE EXTENSION aivalue', '42P06', NULL, 'a pre-existing ai_value.audit_log makes CREATE EXTENSION fail');
DROP TABLE ai_value.audit_log;
CREATE TYPE ai_value.metric_status AS ENUM ('approved');
SELECT throws_ok('CREATE EXTENSION aivalue', '42P06', NULL, 'a pre-existing ai_value.metric_status type makes CREATE EXTENSION fail');
DROP TYPE ai_value.metric_status;
SELECT is((SELECT count(*)::int FROM pg_extension WHERE extname = 'aivalue'), 0, 'no refused attempt left the extension installed');

-- without the schema at all, CREATE EXTENSION creates it
DROP SCHEMA ai_value;
SELECT lives_ok('CREATE EXTENSION aivalue', 'CREATE EXTENSION creates schema ai_value when absent');
SELECT is((SELECT pg_get_userbyid(nspowner)::text FROM pg_namespace WHERE nspname = 'ai_value'), current_user::text,
          'the created schema belongs to the installing superuser');
SELECT ok(NOT has_schema_privilege('ft_mallory', 'ai_value', 'CREATE'), 'nobody else may create in ai_value');
SELECT ok(has_schema_privilege('ai_value_writer', 'ai_value', 'USAGE'), 'the seats have USAGE on ai_value');
SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'aivalue'), '1.0', 'aivalue 1.0 is installed at the end');

SELECT * FROM finish();
ROLLBACK;
