-- Piece 99: runs last. Guards hold whatever the session does, dumps carry the
-- user data, and no function is executable by PUBLIC unless granted above.

-- ENABLE ALWAYS: session_replication_role = replica must not switch off the
-- guards, the gate or the audit (SPEC §8).
DO $always$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT c.relname, tg.tgname
               FROM pg_catalog.pg_trigger tg
               JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) tg.tgrelid
              WHERE c.relnamespace OPERATOR(pg_catalog.=) 'ai_value'::regnamespace
                AND NOT tg.tgisinternal
    LOOP
        EXECUTE pg_catalog.format('ALTER TABLE ai_value.%I ENABLE ALWAYS TRIGGER %I', t.relname, t.tgname);
    END LOOP;
END
$always$;

-- TRUNCATE bypasses row triggers, so every table refuses it.
DO $trunc$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT c.relname FROM pg_catalog.pg_class c
              WHERE c.relnamespace OPERATOR(pg_catalog.=) 'ai_value'::regnamespace
                AND c.relkind OPERATOR(pg_catalog.=) 'r'
    LOOP
        EXECUTE pg_catalog.format('CREATE TRIGGER av_00_no_truncate BEFORE TRUNCATE ON ai_value.%I '
            'FOR EACH STATEMENT EXECUTE FUNCTION ai_value.refuse_truncate()', t.relname);
        EXECUTE pg_catalog.format('ALTER TABLE ai_value.%I ENABLE ALWAYS TRIGGER av_00_no_truncate', t.relname);
    END LOOP;
END
$trunc$;

-- pg_dump / pg_restore carry all user data; seeded rows only once edited.
SELECT pg_catalog.pg_extension_config_dump('ai_value.principals', '');
SELECT pg_catalog.pg_extension_config_dump('ai_value.ai_value_metrics', '');
SELECT pg_catalog.pg_extension_config_dump('ai_value.metric_policy_rules', '');
SELECT pg_catalog.pg_extension_config_dump('ai_value.ai_workflow_outcomes', '');
SELECT pg_catalog.pg_extension_config_dump('ai_value.token_cost_diagnostics', '');
SELECT pg_catalog.pg_extension_config_dump('ai_value.gaming_alerts', '');
SELECT pg_catalog.pg_extension_config_dump('ai_value.metric_exceptions', '');
SELECT pg_catalog.pg_extension_config_dump('ai_value.audit_log', '');
SELECT pg_catalog.pg_extension_config_dump('ai_value.audit_log_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ai_value.settings', 'WHERE value <> default_value');
SELECT pg_catalog.pg_extension_config_dump('ai_value.activity_terms', 'WHERE NOT seeded');
SELECT pg_catalog.pg_extension_config_dump('ai_value.activity_terms_removed', '');

-- Functions are created EXECUTE-able by PUBLIC; take that back from every
-- function of the schema. Pieces that want a role to call a function grant it
-- explicitly after this point is reached (they run before, so re-grant here).
DO $revoke$
DECLARE
    f record;
BEGIN
    FOR f IN SELECT p.oid::regprocedure AS sig FROM pg_catalog.pg_proc p
              WHERE p.pronamespace OPERATOR(pg_catalog.=) 'ai_value'::regnamespace
    LOOP
        EXECUTE pg_catalog.format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f.sig);
    END LOOP;
END
$revoke$;
