-- install: the extension installs, drops and installs again; the fixture
-- that later tests use works.
\set VERBOSITY terse
\i test/fixtures/setup.sql
SELECT extname, extversion, extrelocatable, n.nspname
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE extname = 'aivalue';
DROP EXTENSION aivalue;
SELECT count(*) AS tables_left FROM pg_class WHERE relnamespace = 'ai_value'::regnamespace;
SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'ai\_value\_%' ORDER BY 1;
CREATE EXTENSION aivalue;
SELECT count(*) AS seeded_settings FROM ai_value.settings;
SELECT key, value FROM ai_value.settings ORDER BY key;
-- a role of the same name that can log in is not adopted
DROP EXTENSION aivalue;
ALTER ROLE ai_value_finance LOGIN;
CREATE EXTENSION aivalue;
ALTER ROLE ai_value_finance NOLOGIN;
ALTER ROLE ai_value_writer SUPERUSER;
CREATE EXTENSION aivalue;
ALTER ROLE ai_value_writer NOSUPERUSER;
CREATE EXTENSION aivalue;
SELECT extname FROM pg_extension WHERE extname = 'aivalue';
