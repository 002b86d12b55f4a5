-- 01_schema: the types, tables, columns and constraints of SPEC §1-§3, and
-- catalog-wide facts (comments, config dump) that also cover objects added
-- by later pieces.
BEGIN;

-- The contract, one row per column: table, column, type, NOT NULL, default
-- (NULL = no default). Exactly these columns exist (columns_are below).
CREATE TEMP TABLE av_spec (tab name, col name, typ text, nn boolean, def text, ord serial);
INSERT INTO av_spec (tab, col, typ, nn, def) VALUES
    ('ai_value_metrics', 'id',                'uuid',                    true,  'gen_random_uuid()'),
    ('ai_value_metrics', 'metric_key',        'text',                    true,  NULL),
    ('ai_value_metrics', 'metric_name',       'text',                    true,  NULL),
    ('ai_value_metrics', 'metric_type',       'ai_value.metric_type',    true,  NULL),
    ('ai_value_metrics', 'status',            'ai_value.metric_status',  true,  'proposed'),
    ('ai_value_metrics', 'formula',           'text',                    false, NULL),
    ('ai_value_metrics', 'data_source',       'text',                    false, NULL),
    ('ai_value_metrics', 'owner_id',          'uuid',                    false, NULL),
    ('ai_value_metrics', 'baseline_required', 'boolean',                 true,  'true'),
    ('ai_value_metrics', 'quality_gate',      'text',                    false, NULL),
    ('ai_value_metrics', 'anti_gaming_check', 'text',                    false, NULL),
    ('ai_value_metrics', 'intended_uses',     'ai_value.metric_use[]',   true,  '{}'),
    ('ai_value_metrics', 'created_at',        'timestamp with time zone', true, 'now()'),
    ('ai_value_metrics', 'updated_at',        'timestamp with time zone', true, 'now()'),

    ('metric_policy_rules', 'id',           'uuid',                      true,  'gen_random_uuid()'),
    ('metric_policy_rules', 'metric_id',    'uuid',                      true,  NULL),
    ('metric_policy_rules', 'policy',       'ai_value.metric_policy',    true,  NULL),
    ('metric_policy_rules', 'rationale',    'text',                      true,  NULL),
    ('metric_policy_rules', 'approved_by',  'uuid',                      false, NULL),
    ('metric_policy_rules', 'effective_at', 'timestamp with time zone',  true,  'now()'),
    ('metric_policy_rules', 'alternatives', 'text[]',                    true,  '{}'),

    ('ai_workflow_outcomes', 'id',             'uuid',                     true,  'gen_random_uuid()'),
    ('ai_workflow_outcomes', 'workflow_id',    'uuid',                     true,  NULL),
    ('ai_workflow_outcomes', 'metric_id',      'uuid',                     true,  NULL),
    ('ai_workflow_outcomes', 'baseline_value', 'numeric',                  false, NULL),
    ('ai_workflow_outcomes', 'observed_value', 'numeric',                  true,  NULL),
    ('ai_workflow_outcomes', 'evidence_ref',   'text',                     true,  NULL),
    ('ai_workflow_outcomes', 'measured_at',    'timestamp with time zone', true,  'now()'),
    ('ai_workflow_outcomes', 'evidence_kind',  'ai_value.evidence_kind',   true,  'system_log'),

    ('token_cost_diagnostics', 'id',              'uuid',                     true,  'gen_random_uuid()'),
    ('token_cost_diagnostics', 'workflow_id',     'uuid',                     true,  NULL),
    ('token_cost_diagnostics', 'token_count',     'numeric',                  true,  NULL),
    ('token_cost_diagnostics', 'model',           'text',                     true,  NULL),
    ('token_cost_diagnostics', 'cost',            'numeric',                  true,  NULL),
    ('token_cost_diagnostics', 'period_start',    'timestamp with time zone', true,  NULL),
    ('token_cost_diagnostics', 'period_end',      'timestamp with time zone', true,  NULL),
    ('token_cost_diagnostics', 'diagnostic_note', 'text',                     false, NULL),
    ('token_cost_diagnostics', 'prompt_count',    'numeric',                  false, NULL),

    ('gaming_alerts', 'id',            'uuid',                        true,  'gen_random_uuid()'),
    ('gaming_alerts', 'workflow_id',   'uuid',                        false, NULL),
    ('gaming_alerts', 'alert_type',    'ai_value.gaming_alert_type',  true,  NULL),
    ('gaming_alerts', 'severity',      'ai_value.alert_severity',     true,  NULL),
    ('gaming_alerts', 'evidence_json', 'jsonb',                       true,  '{}'),
    ('gaming_alerts', 'created_at',    'timestamp with time zone',    true,  'now()'),
    ('gaming_alerts', 'metric_id',     'uuid',                        false, NULL),

    ('metric_exceptions', 'id',            'uuid',                        true,  'gen_random_uuid()'),
    ('metric_exceptions', 'metric_id',     'uuid',                        true,  NULL),
    ('metric_exceptions', 'requested_by',  'uuid',                        true,  NULL),
    ('metric_exceptions', 'reason',        'text',                        true,  NULL),
    ('metric_exceptions', 'expires_at',    'timestamp with time zone',    true,  NULL),
    ('metric_exceptions', 'approved_by',   'uuid',                        false, NULL),
    ('metric_exceptions', 'status',        'ai_value.exception_status',   true,  'pending'),
    ('metric_exceptions', 'created_at',    'timestamp with time zone',    true,  'now()'),
    ('metric_exceptions', 'decided_at',    'timestamp with time zone',    false, NULL),
    ('metric_exceptions', 'decision_note', 'text',                        false, NULL),

    ('principals', 'role_name',    'name', true,  NULL),
    ('principals', 'person_id',    'uuid', true,  NULL),
    ('principals', 'display_name', 'text', false, NULL),

    ('audit_log', 'id',           'bigint',                   true,  NULL),
    ('audit_log', 'at',           'timestamp with time zone', true,  'clock_timestamp()'),
    ('audit_log', 'actor_role',   'name',                     true,  NULL),
    ('audit_log', 'session_role', 'name',                     true,  NULL),
    ('audit_log', 'actor_id',     'uuid',                     false, NULL),
    ('audit_log', 'action',       'text',                     true,  NULL),
    ('audit_log', 'table_name',   'name',                     true,  NULL),
    ('audit_log', 'row_id',       'text',                     false, NULL),
    ('audit_log', 'old_row',      'jsonb',                    false, NULL),
    ('audit_log', 'new_row',      'jsonb',                    false, NULL),
    ('audit_log', 'row_count',    'bigint',                   true,  '1'),

    ('settings', 'key',           'text',    true, NULL),
    ('settings', 'value',         'numeric', true, NULL),
    ('settings', 'default_value', 'numeric', true, NULL),
    ('settings', 'description',   'text',    true, NULL),

    ('activity_terms', 'term',     'text',    true,  NULL),
    ('activity_terms', 'category', 'text',    true,  'activity'),
    ('activity_terms', 'seeded',   'boolean', true,  'false'),
    ('activity_terms', 'note',     'text',    false, NULL);

CREATE TEMP TABLE av_enum (typ name, labels text[], ord serial);
INSERT INTO av_enum (typ, labels) VALUES
    ('metric_type',       '{task_completion,time_saved,quality,customer_satisfaction,cost_diagnostic,blocked_activity}'),
    ('metric_status',     '{proposed,approved,blocked,diagnostic_only,deprecated}'),
    ('metric_policy',     '{allow,block,diagnostic_only,requires_exception}'),
    ('metric_use',        '{performance_review,ranking,compensation,budget,cost_diagnostic,team_improvement}'),
    ('evidence_kind',     '{system_log,sampled_review,customer_feedback,self_report}'),
    ('gaming_alert_type', '{token_spike_no_outcome,prompt_spike_no_quality,usage_rank_chasing,quality_drop,self_report_mismatch}'),
    ('alert_severity',    '{low,medium,high}'),
    ('exception_status',  '{pending,approved,rejected,expired}');

SELECT plan(
      5                                              -- extension and schema
    + 2 * (SELECT count(*)::int FROM av_enum)        -- has_enum, enum_has_labels
    + 2 * (SELECT count(DISTINCT tab)::int FROM av_spec)  -- has_table, columns_are
    + 4 * (SELECT count(*)::int FROM av_spec)        -- per column
    + 10                                             -- primary keys
    + 4                                              -- foreign keys
    + 2                                              -- unique
    + 3                                              -- identity, audit PK only
    + 22                                             -- CHECK constraints present
    + 4                                              -- indexes
    + 5                                              -- comments (catalog-wide)
    + 4                                              -- config dump
);

-- §1 packaging
SELECT has_extension('aivalue', 'extension aivalue is installed');
SELECT has_schema('ai_value', 'schema ai_value exists');
SELECT is((SELECT n.nspname::text FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
            WHERE e.extname = 'aivalue'), 'ai_value', 'aivalue lives in schema ai_value');
SELECT is((SELECT extrelocatable FROM pg_extension WHERE extname = 'aivalue'), false, 'aivalue is not relocatable');
SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'aivalue'), '1.0', 'aivalue version is 1.0');

-- §2 types
SELECT has_enum('ai_value', typ, 'enum ai_value.' || typ || ' exists') FROM av_enum ORDER BY ord;
SELECT enum_has_labels('ai_value', typ, labels, 'enum ai_value.' || typ || ' has exactly the SPEC labels in order')
  FROM av_enum ORDER BY ord;

-- §3 tables and columns
SELECT has_table('ai_value', tab, 'table ai_value.' || tab || ' exists')
  FROM (SELECT tab, min(ord) o FROM av_spec GROUP BY tab) s ORDER BY o;
SELECT columns_are('ai_value', tab, array_agg(col::text ORDER BY ord), 'ai_value.' || tab || ' has exactly the SPEC columns')
  FROM av_spec GROUP BY tab ORDER BY min(ord);
SELECT has_column('ai_value', tab, col, tab || '.' || col || ' exists') FROM av_spec ORDER BY ord;
SELECT col_type_is('ai_value', tab, col, typ, tab || '.' || col || ' is ' || typ) FROM av_spec ORDER BY ord;
SELECT CASE WHEN nn THEN col_not_null('ai_value', tab, col, tab || '.' || col || ' is NOT NULL')
            ELSE col_is_null('ai_value', tab, col, tab || '.' || col || ' is nullable') END
  FROM av_spec ORDER BY ord;
SELECT CASE WHEN def IS NULL THEN col_hasnt_default('ai_value', tab, col, tab || '.' || col || ' has no default')
            ELSE col_default_is('ai_value', tab, col, def, tab || '.' || col || ' defaults to ' || def) END
  FROM av_spec ORDER BY ord;

-- keys
SELECT col_is_pk('ai_value', 'ai_value_metrics', 'id', 'metrics: PK id');
SELECT col_is_pk('ai_value', 'metric_policy_rules', 'id', 'policy rules: PK id');
SELECT col_is_pk('ai_value', 'ai_workflow_outcomes', 'id', 'outcomes: PK id');
SELECT col_is_pk('ai_value', 'token_cost_diagnostics', 'id', 'diagnostics: PK id');
SELECT col_is_pk('ai_value', 'gaming_alerts', 'id', 'alerts: PK id');
SELECT col_is_pk('ai_value', 'metric_exceptions', 'id', 'exceptions: PK id');
SELECT col_is_pk('ai_value', 'principals', 'role_name', 'principals: PK role_name');
SELECT col_is_pk('ai_value', 'audit_log', 'id', 'audit_log: PK id');
SELECT col_is_pk('ai_value', 'settings', 'key', 'settings: PK key');
SELECT col_is_pk('ai_value', 'activity_terms', 'term', 'activity_terms: PK term');

SELECT fk_ok('ai_value', 'metric_policy_rules', 'metric_id', 'ai_value', 'ai_value_metrics', 'id');
SELECT fk_ok('ai_value', 'ai_workflow_outcomes', 'metric_id', 'ai_value', 'ai_value_metrics', 'id');
SELECT fk_ok('ai_value', 'gaming_alerts', 'metric_id', 'ai_value', 'ai_value_metrics', 'id');
SELECT fk_ok('ai_value', 'metric_exceptions', 'metric_id', 'ai_value', 'ai_value_metrics', 'id');

SELECT col_is_unique('ai_value', 'ai_value_metrics', ARRAY['metric_key'], 'metrics: metric_key is UNIQUE');
SELECT col_is_unique('ai_value', 'principals', ARRAY['person_id'], 'principals: person_id is UNIQUE');

SELECT is((SELECT attidentity::text FROM pg_attribute WHERE attrelid = 'ai_value.audit_log'::regclass AND attname = 'id'),
          'a', 'audit_log.id is GENERATED ALWAYS AS IDENTITY');
SELECT is((SELECT array_agg(attname::text ORDER BY attname) FROM pg_attribute
            WHERE attrelid = 'ai_value.audit_log'::regclass AND attidentity <> ''), ARRAY['id'],
          'audit_log has no other identity column');
SELECT is_empty($$SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind = 'r'
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')$$,
                'every table of ai_value has a primary key');

-- CHECK constraints the meaning demands (their behaviour: sql/constraints.sql)
SELECT col_has_check('ai_value', t, c, t || '.' || c || ' has a CHECK constraint')
  FROM (VALUES ('ai_value_metrics', 'metric_key'), ('ai_value_metrics', 'metric_name'),
               ('ai_value_metrics', 'intended_uses'),
               ('metric_policy_rules', 'rationale'), ('metric_policy_rules', 'effective_at'),
               ('metric_policy_rules', 'alternatives'),
               ('ai_workflow_outcomes', 'baseline_value'), ('ai_workflow_outcomes', 'observed_value'),
               ('ai_workflow_outcomes', 'evidence_ref'), ('ai_workflow_outcomes', 'measured_at'),
               ('token_cost_diagnostics', 'token_count'), ('token_cost_diagnostics', 'cost'),
               ('token_cost_diagnostics', 'model'), ('token_cost_diagnostics', 'prompt_count'),
               ('token_cost_diagnostics', 'period_start'), ('token_cost_diagnostics', 'period_end'),
               ('gaming_alerts', 'evidence_json'),
               ('metric_exceptions', 'reason'), ('metric_exceptions', 'expires_at'),
               ('settings', 'value'), ('settings', 'key')) v(t, c);
SELECT ok(EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'ai_value.token_cost_diagnostics'::regclass
                   AND contype = 'c' AND pg_get_constraintdef(oid) ~ 'period_end > period_start'),
          'token_cost_diagnostics has CHECK (period_end > period_start)');

-- indexes that the scorecard, detectors and cost views need
SELECT ok(EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = 'ai_value.ai_workflow_outcomes'::regclass
                   AND (SELECT array_agg(a.attname::text ORDER BY k.n) FROM unnest(i.indkey) WITH ORDINALITY k(att, n)
                          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.att)
                       @> ARRAY['workflow_id', 'measured_at']
                   AND (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[0]) = 'workflow_id'),
          'outcomes: an index leads with workflow_id and covers measured_at');
SELECT ok(EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = 'ai_value.ai_workflow_outcomes'::regclass
                   AND (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[0]) = 'metric_id'),
          'outcomes: an index leads with metric_id');
SELECT ok(EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = 'ai_value.token_cost_diagnostics'::regclass
                   AND (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[0]) = 'workflow_id'
                   AND (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[1]) = 'period_start'),
          'diagnostics: an index on (workflow_id, period_start)');
SELECT ok(EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = 'ai_value.metric_policy_rules'::regclass
                   AND (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[0]) = 'metric_id'),
          'policy rules: an index leads with metric_id (rule in force lookup)');

-- COMMENT ON every table, view, column, type and function of the schema,
-- including those added by later pieces.
SELECT is_empty($$SELECT c.relname FROM pg_class c
                   WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                     AND COALESCE(obj_description(c.oid, 'pg_class'), '') !~ '\S'$$,
                'every table and view of ai_value has a COMMENT');
SELECT is_empty($$SELECT c.relname || '.' || a.attname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
                   WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                     AND a.attnum > 0 AND NOT a.attisdropped
                     AND COALESCE(col_description(c.oid, a.attnum), '') !~ '\S'$$,
                'every column of every table and view of ai_value has a COMMENT');
SELECT is_empty($$SELECT t.typname FROM pg_type t
                   WHERE t.typnamespace = 'ai_value'::regnamespace AND t.typtype IN ('e', 'd', 'r')
                     AND COALESCE(obj_description(t.oid, 'pg_type'), '') !~ '\S'$$,
                'every enum, domain and range type of ai_value has a COMMENT');
SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_proc p
                   WHERE p.pronamespace = 'ai_value'::regnamespace
                     AND COALESCE(obj_description(p.oid, 'pg_proc'), '') !~ '\S'$$,
                'every function of ai_value has a COMMENT');
SELECT cmp_ok((SELECT count(*)::int FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
                WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind = 'r' AND a.attnum > 0), '>=',
              (SELECT count(*)::int FROM av_spec), 'the comment checks above saw at least the SPEC columns');

-- §1 data safety: every user-data table and its sequences are dumped
SELECT is_empty($$SELECT s.tab FROM (SELECT DISTINCT tab FROM av_spec) s
                   WHERE NOT (SELECT ('ai_value.' || quote_ident(s.tab))::regclass = ANY (e.extconfig)
                                FROM pg_extension e WHERE e.extname = 'aivalue')$$,
                'every table of SPEC §3 is registered with pg_extension_config_dump');
SELECT is_empty($$SELECT s.relname FROM pg_class s
                   WHERE s.relnamespace = 'ai_value'::regnamespace AND s.relkind = 'S'
                     AND NOT (SELECT s.oid = ANY (e.extconfig) FROM pg_extension e WHERE e.extname = 'aivalue')$$,
                'every sequence of ai_value is registered with pg_extension_config_dump');
SELECT is((SELECT e.extcondition[array_position(e.extconfig, 'ai_value.settings'::regclass)]
             FROM pg_extension e WHERE e.extname = 'aivalue'),
          'WHERE value <> default_value', 'settings: only edited seeded rows are dumped');
SELECT is((SELECT e.extcondition[array_position(e.extconfig, 'ai_value.activity_terms'::regclass)]
             FROM pg_extension e WHERE e.extname = 'aivalue'),
          'WHERE NOT seeded', 'activity_terms: only non-seeded (added or edited) rows are dumped');

SELECT * FROM finish();
ROLLBACK;
