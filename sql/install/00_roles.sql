-- aivalue 1.0 — install script, assembled by the Makefile from sql/install/*.sql.
-- Piece 00: the five group roles of SPEC §9.
\echo Use "CREATE EXTENSION aivalue" to load this file. \quit

-- The roles are cluster-wide, so they outlive DROP EXTENSION and may already
-- exist (a second database, a restore into the same cluster). An existing role
-- is adopted only when it is a plain NOLOGIN group: adopting a role that can log
-- in, or that carries superuser-class attributes, would hand the extension's
-- privileges to whoever already holds it.
DO $roles$
DECLARE
    r text;
    a record;
BEGIN
    FOREACH r IN ARRAY ARRAY['ai_value_team_owner', 'ai_value_governance',
                             'ai_value_finance', 'ai_value_performance_admin',
                             'ai_value_writer']
    LOOP
        SELECT rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls
          INTO a FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) r;
        IF NOT FOUND THEN
            EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r);
        ELSIF a.rolcanlogin OR a.rolsuper OR a.rolcreaterole OR a.rolcreatedb
              OR a.rolreplication OR a.rolbypassrls THEN
            RAISE EXCEPTION 'role "%" already exists and is not a plain NOLOGIN group role', r
                USING ERRCODE = '42710',
                      DETAIL = 'aivalue adopts an existing role only when it has NOLOGIN and none of SUPERUSER, CREATEROLE, CREATEDB, REPLICATION, BYPASSRLS.',
                      HINT = pg_catalog.format('Rename or drop role %I, or ALTER ROLE %I NOLOGIN NOSUPERUSER ..., then retry.', r, r);
        END IF;
    END LOOP;
END
$roles$;
