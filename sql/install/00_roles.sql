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

-- The schema ai_value is created by CREATE EXTENSION when absent, but an
-- existing one is used as it is, and DROP EXTENSION leaves it behind (it is
-- not a member of the extension). Using a schema that someone else prepared
-- would let its owner (or whoever may create in it) plant look-alike
-- functions and operators beside ours, or revoke the seats' USAGE
-- (CVE-2022-2625 class). An existing schema is therefore accepted only when
-- a superuser owns it, nobody else may create in it and it is empty: the
-- schema left by DROP EXTENSION, or the one pg_restore creates first.
DO $schema$
DECLARE
    nsp oid;
    own name;
    what text;
BEGIN
    SELECT n.oid, r.rolname INTO nsp, own
      FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) n.nspowner
     WHERE n.nspname OPERATOR(pg_catalog.=) 'ai_value';
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) own) THEN
        RAISE EXCEPTION 'schema "ai_value" already exists and is owned by non-superuser role "%"', own
            USING ERRCODE = '42501',
                  DETAIL = 'The owner of the extension''s schema could replace or shadow the extension''s objects.',
                  HINT = 'Check what the schema holds, DROP SCHEMA ai_value, then retry.';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
                WHERE n.oid OPERATOR(pg_catalog.=) nsp AND a.privilege_type OPERATOR(pg_catalog.=) 'CREATE'
                  AND a.grantee OPERATOR(pg_catalog.<>) n.nspowner) THEN
        RAISE EXCEPTION 'schema "ai_value" already exists and grants CREATE to other roles'
            USING ERRCODE = '42501',
                  HINT = 'REVOKE CREATE ON SCHEMA ai_value FROM the grantees, or DROP SCHEMA ai_value, then retry.';
    END IF;
    SELECT x.kind INTO what FROM (
        SELECT 'relation ' OPERATOR(pg_catalog.||) c.relname::text FROM pg_catalog.pg_class c WHERE c.relnamespace OPERATOR(pg_catalog.=) nsp
        UNION ALL SELECT 'function ' OPERATOR(pg_catalog.||) p.proname::text FROM pg_catalog.pg_proc p WHERE p.pronamespace OPERATOR(pg_catalog.=) nsp
        UNION ALL SELECT 'type ' OPERATOR(pg_catalog.||) t.typname::text FROM pg_catalog.pg_type t WHERE t.typnamespace OPERATOR(pg_catalog.=) nsp AND t.typcategory OPERATOR(pg_catalog.<>) 'A'
        UNION ALL SELECT 'operator ' OPERATOR(pg_catalog.||) o.oprname::text FROM pg_catalog.pg_operator o WHERE o.oprnamespace OPERATOR(pg_catalog.=) nsp
        UNION ALL SELECT 'collation ' OPERATOR(pg_catalog.||) c.collname::text FROM pg_catalog.pg_collation c WHERE c.collnamespace OPERATOR(pg_catalog.=) nsp
        UNION ALL SELECT 'conversion ' OPERATOR(pg_catalog.||) c.conname::text FROM pg_catalog.pg_conversion c WHERE c.connamespace OPERATOR(pg_catalog.=) nsp
        UNION ALL SELECT 'operator family ' OPERATOR(pg_catalog.||) f.opfname::text FROM pg_catalog.pg_opfamily f WHERE f.opfnamespace OPERATOR(pg_catalog.=) nsp
        UNION ALL SELECT 'operator class ' OPERATOR(pg_catalog.||) c.opcname::text FROM pg_catalog.pg_opclass c WHERE c.opcnamespace OPERATOR(pg_catalog.=) nsp
        UNION ALL SELECT 'text search configuration ' OPERATOR(pg_catalog.||) c.cfgname::text FROM pg_catalog.pg_ts_config c WHERE c.cfgnamespace OPERATOR(pg_catalog.=) nsp
        UNION ALL SELECT 'text search dictionary ' OPERATOR(pg_catalog.||) d.dictname::text FROM pg_catalog.pg_ts_dict d WHERE d.dictnamespace OPERATOR(pg_catalog.=) nsp
        UNION ALL SELECT 'text search parser ' OPERATOR(pg_catalog.||) p.prsname::text FROM pg_catalog.pg_ts_parser p WHERE p.prsnamespace OPERATOR(pg_catalog.=) nsp
        UNION ALL SELECT 'text search template ' OPERATOR(pg_catalog.||) t.tmplname::text FROM pg_catalog.pg_ts_template t WHERE t.tmplnamespace OPERATOR(pg_catalog.=) nsp
        UNION ALL SELECT 'statistics object ' OPERATOR(pg_catalog.||) s.stxname::text FROM pg_catalog.pg_statistic_ext s WHERE s.stxnamespace OPERATOR(pg_catalog.=) nsp
        UNION ALL SELECT 'extension ' OPERATOR(pg_catalog.||) e.extname::text FROM pg_catalog.pg_extension e
                   WHERE e.extnamespace OPERATOR(pg_catalog.=) nsp AND e.extname OPERATOR(pg_catalog.<>) 'aivalue'
    ) x(kind) ORDER BY x.kind USING OPERATOR(pg_catalog.~<~) LIMIT 1;
    IF what IS NOT NULL THEN
        RAISE EXCEPTION 'schema "ai_value" already exists and is not empty: it holds %', what
            USING ERRCODE = '42P06',
                  DETAIL = 'aivalue does not adopt objects it did not create.',
                  HINT = 'Move or drop the objects (or DROP SCHEMA ai_value), then retry.';
    END IF;
END
$schema$;
