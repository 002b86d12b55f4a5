-- constraints: every CHECK (and NOT NULL / FK / UNIQUE where meaning demands)
-- refuses the value it exists for, with its SQLSTATE, and leaves nothing.
-- The table constraints are the last line of defence, also for restored
-- rows, so most cases run with aivalue.restoring = on: the gate, guards and
-- actor triggers step aside there and each case reaches the constraint
-- itself. A second block repeats the central cases as ordinary seat roles.
\set VERBOSITY terse
\i test/fixtures/setup.sql
SET aivalue.restoring = on;
INSERT INTO ai_value.ai_value_metrics (id, metric_key, metric_name, metric_type, status, formula, data_source,
                                       quality_gate, anti_gaming_check, intended_uses)
VALUES ('00000000-0000-0000-0000-0000000000a1', 'review_completion_rate', 'Review completion rate', 'task_completion',
        'approved', 'completed / assigned reviews', 'review tracker', 'checklist sample', 'tracker vs sample', '{team_improvement}');
CREATE TEMP TABLE before_counts AS
SELECT 'metrics' AS t, count(*) AS n FROM ai_value.ai_value_metrics UNION ALL
SELECT 'rules', count(*) FROM ai_value.metric_policy_rules UNION ALL
SELECT 'outcomes', count(*) FROM ai_value.ai_workflow_outcomes UNION ALL
SELECT 'diagnostics', count(*) FROM ai_value.token_cost_diagnostics UNION ALL
SELECT 'alerts', count(*) FROM ai_value.gaming_alerts UNION ALL
SELECT 'exceptions', count(*) FROM ai_value.metric_exceptions UNION ALL
SELECT 'settings', count(*) FROM ai_value.settings UNION ALL
SELECT 'terms', count(*) FROM ai_value.activity_terms UNION ALL
SELECT 'audit', count(*) FROM ai_value.audit_log;

-- case(label, statement): the statement is run by av_try; the message part
-- (SQLSTATE: message) is shown, the DETAIL (the failing row) is not.
CREATE TEMP TABLE cases (ord serial, label text, stmt text);
-- m(column, value): a metric insert that is valid except for that column.
CREATE FUNCTION pg_temp.m(col text, val text) RETURNS text LANGUAGE sql AS $$
    SELECT format('INSERT INTO ai_value.ai_value_metrics (%s) VALUES (%s)',
                  string_agg(c, ', ' ORDER BY n), string_agg(CASE WHEN c = col THEN val ELSE v END, ', ' ORDER BY n))
      FROM (VALUES (1, 'metric_key', '''constraint_probe'''), (2, 'metric_name', '''Probe'''), (3, 'metric_type', '''quality'''),
                   (4, col, val)) d(n, c, v)
     WHERE n < 4 OR col NOT IN ('metric_key', 'metric_name', 'metric_type')
$$;
INSERT INTO cases (label, stmt) VALUES
    -- metric_key ^[a-z][a-z0-9_]{2,62}$
    ('metric_key upper-case',          'INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type) VALUES (''Review_rate'', ''n'', ''quality'')'),
    ('metric_key all upper-case',      'INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type) VALUES (''REVIEW'', ''n'', ''quality'')'),
    ('metric_key too short (2)',       'INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type) VALUES (''ab'', ''n'', ''quality'')'),
    ('metric_key too long (64)',       'INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type) VALUES (''a'' || repeat(''b'', 63), ''n'', ''quality'')'),
    ('metric_key leading digit',       'INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type) VALUES (''1review'', ''n'', ''quality'')'),
    ('metric_key leading underscore',  'INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type) VALUES (''_review'', ''n'', ''quality'')'),
    ('metric_key hyphen',              'INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type) VALUES (''review-rate'', ''n'', ''quality'')'),
    ('metric_key space',               'INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type) VALUES (''review rate'', ''n'', ''quality'')'),
    ('metric_key trailing newline',    'INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type) VALUES (E''review_rate\n'', ''n'', ''quality'')'),
    ('metric_key accented letter',     'INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type) VALUES (''révision_rate'', ''n'', ''quality'')'),
    ('metric_key Cyrillic look-alike', 'INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type) VALUES (U&''t\043Eken_rate'', ''n'', ''quality'')'),
    ('metric_key full-width letters',  'INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type) VALUES (U&''\FF52eview'', ''n'', ''quality'')'),
    ('metric_key Chinese',             'INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type) VALUES (''審查_rate'', ''n'', ''quality'')'),
    ('metric_key NULL',                'INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type) VALUES (NULL, ''n'', ''quality'')'),
    ('metric_key duplicate',           'INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type) VALUES (''review_completion_rate'', ''n'', ''quality'')'),
    ('metric_key 3 chars (accepted)',  'INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type) VALUES (''abc'', ''n'', ''quality'')'),
    ('metric_key 63 chars (accepted)', 'INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type) VALUES (''a'' || repeat(''b'', 62), ''n'', ''quality'')'),
    -- metric_name non-blank
    ('metric_name empty',              pg_temp.m('metric_name', $$''$$)),
    ('metric_name spaces',             pg_temp.m('metric_name', $$'   '$$)),
    ('metric_name tab/newline',        pg_temp.m('metric_name', $$E'\t\n\r'$$)),
    ('metric_name no-break space',     pg_temp.m('metric_name', $$U&'\00A0\00A0'$$)),
    ('metric_name zero-width only',    pg_temp.m('metric_name', $$U&'\200B\200C\200D'$$)),
    ('metric_name BOM only',           pg_temp.m('metric_name', $$U&'\FEFF'$$)),
    ('metric_name ideographic space',  pg_temp.m('metric_name', $$U&'\3000'$$)),
    ('metric_name word joiner only',   pg_temp.m('metric_name', $$U&'\2060\2063'$$)),
    ('metric_name over 200 bytes',     pg_temp.m('metric_name', $$repeat('n', 201)$$)),
    ('metric_type NULL',               pg_temp.m('metric_type', 'NULL')),
    ('metric_type unknown',            pg_temp.m('metric_type', $$'tokens'$$)),
    ('intended_uses with NULL',        pg_temp.m('intended_uses', $$'{NULL}'$$)),
    ('intended_uses NULL',             pg_temp.m('intended_uses', 'NULL')),
    ('formula over 8192 bytes',        pg_temp.m('formula', $$repeat('f', 8193)$$)),
    ('data_source over 2048 bytes',    pg_temp.m('data_source', $$repeat('d', 2049)$$)),
    ('quality_gate over 8192 bytes',   pg_temp.m('quality_gate', $$repeat('q', 8193)$$)),
    ('baseline_required NULL',         pg_temp.m('baseline_required', 'NULL')),
    -- policy rules
    ('rationale empty',          $$INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale) VALUES ('00000000-0000-0000-0000-0000000000a1', 'allow', '')$$),
    ('rationale whitespace',     $$INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale) VALUES ('00000000-0000-0000-0000-0000000000a1', 'allow', E' \t ')$$),
    ('rationale zero-width',     $$INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale) VALUES ('00000000-0000-0000-0000-0000000000a1', 'allow', U&'\200B')$$),
    ('rationale NULL',           $$INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale) VALUES ('00000000-0000-0000-0000-0000000000a1', 'allow', NULL)$$),
    ('effective_at infinity',    $$INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale, effective_at) VALUES ('00000000-0000-0000-0000-0000000000a1', 'allow', 'r', 'infinity')$$),
    ('effective_at -infinity',   $$INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale, effective_at) VALUES ('00000000-0000-0000-0000-0000000000a1', 'allow', 'r', '-infinity')$$),
    ('alternatives with NULL',   $$INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale, alternatives) VALUES ('00000000-0000-0000-0000-0000000000a1', 'allow', 'r', '{a,NULL}')$$),
    ('policy unknown metric',    $$INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale) VALUES ('00000000-0000-0000-0000-00000000ffff', 'allow', 'r')$$),
    ('policy NULL',              $$INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale) VALUES ('00000000-0000-0000-0000-0000000000a1', NULL, 'r')$$),
    -- outcomes
    ('baseline_value NaN',       $$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref) VALUES ('a0000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 'NaN', 1, 'e')$$),
    ('baseline_value Infinity',  $$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref) VALUES ('a0000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 'Infinity', 1, 'e')$$),
    ('baseline_value -Infinity', $$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref) VALUES ('a0000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', '-Infinity', 1, 'e')$$),
    ('observed_value NaN',       $$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref) VALUES ('a0000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 1, 'NaN', 'e')$$),
    ('observed_value Infinity',  $$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref) VALUES ('a0000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 1, 'Infinity', 'e')$$),
    ('observed_value NULL',      $$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref) VALUES ('a0000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 1, NULL, 'e')$$),
    ('evidence_ref empty',       $$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref) VALUES ('a0000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 1, 2, '')$$),
    ('evidence_ref whitespace',  $$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref) VALUES ('a0000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 1, 2, E'\n  \t')$$),
    ('evidence_ref zero-width',  $$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref) VALUES ('a0000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 1, 2, U&'\200B\FEFF')$$),
    ('evidence_ref NULL',        $$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref) VALUES ('a0000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 1, 2, NULL)$$),
    ('measured_at infinity',     $$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at) VALUES ('a0000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 1, 2, 'e', 'infinity')$$),
    ('measured_at -infinity',    $$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at) VALUES ('a0000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 1, 2, 'e', '-infinity')$$),
    ('workflow_id NULL',         $$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref) VALUES (NULL, '00000000-0000-0000-0000-0000000000a1', 1, 2, 'e')$$),
    ('outcome unknown metric',   $$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref) VALUES ('a0000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-00000000ffff', 1, 2, 'e')$$),
    -- diagnostics
    ('token_count < 0',          $$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('a0000000-0000-0000-0000-000000000001', -1, 'm', 0, '2026-01-01', '2026-01-02')$$),
    ('token_count NaN',          $$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('a0000000-0000-0000-0000-000000000001', 'NaN', 'm', 0, '2026-01-01', '2026-01-02')$$),
    ('token_count Infinity',     $$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('a0000000-0000-0000-0000-000000000001', 'Infinity', 'm', 0, '2026-01-01', '2026-01-02')$$),
    ('token_count NULL',         $$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('a0000000-0000-0000-0000-000000000001', NULL, 'm', 0, '2026-01-01', '2026-01-02')$$),
    ('cost < 0',                 $$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('a0000000-0000-0000-0000-000000000001', 1, 'm', -0.01, '2026-01-01', '2026-01-02')$$),
    ('cost NaN',                 $$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('a0000000-0000-0000-0000-000000000001', 1, 'm', 'NaN', '2026-01-01', '2026-01-02')$$),
    ('cost Infinity',            $$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('a0000000-0000-0000-0000-000000000001', 1, 'm', 'Infinity', '2026-01-01', '2026-01-02')$$),
    ('cost -Infinity',           $$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('a0000000-0000-0000-0000-000000000001', 1, 'm', '-Infinity', '2026-01-01', '2026-01-02')$$),
    ('prompt_count < 0',         $$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end, prompt_count) VALUES ('a0000000-0000-0000-0000-000000000001', 1, 'm', 0, '2026-01-01', '2026-01-02', -1)$$),
    ('prompt_count NaN',         $$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end, prompt_count) VALUES ('a0000000-0000-0000-0000-000000000001', 1, 'm', 0, '2026-01-01', '2026-01-02', 'NaN')$$),
    ('prompt_count Infinity',    $$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end, prompt_count) VALUES ('a0000000-0000-0000-0000-000000000001', 1, 'm', 0, '2026-01-01', '2026-01-02', 'Infinity')$$),
    ('model empty',              $$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('a0000000-0000-0000-0000-000000000001', 1, '', 0, '2026-01-01', '2026-01-02')$$),
    ('model zero-width only',    $$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('a0000000-0000-0000-0000-000000000001', 1, U&'\200B', 0, '2026-01-01', '2026-01-02')$$),
    ('model over 200 bytes',     $$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('a0000000-0000-0000-0000-000000000001', 1, repeat('m', 201), 0, '2026-01-01', '2026-01-02')$$),
    ('period_end = period_start', $$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('a0000000-0000-0000-0000-000000000001', 1, 'm', 0, '2026-01-02', '2026-01-02')$$),
    ('period_end < period_start', $$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('a0000000-0000-0000-0000-000000000001', 1, 'm', 0, '2026-01-02', '2026-01-01')$$),
    ('period_start -infinity',   $$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('a0000000-0000-0000-0000-000000000001', 1, 'm', 0, '-infinity', '2026-01-01')$$),
    ('period_end infinity',      $$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('a0000000-0000-0000-0000-000000000001', 1, 'm', 0, '2026-01-01', 'infinity')$$),
    ('period_start NULL',        $$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('a0000000-0000-0000-0000-000000000001', 1, 'm', 0, NULL, '2026-01-01')$$),
    -- alerts
    ('evidence_json array',      $$INSERT INTO ai_value.gaming_alerts (workflow_id, alert_type, severity, evidence_json) VALUES ('a0000000-0000-0000-0000-000000000001', 'quality_drop', 'low', '[]')$$),
    ('evidence_json string',     $$INSERT INTO ai_value.gaming_alerts (workflow_id, alert_type, severity, evidence_json) VALUES ('a0000000-0000-0000-0000-000000000001', 'quality_drop', 'low', '"x"')$$),
    ('evidence_json JSON null',  $$INSERT INTO ai_value.gaming_alerts (workflow_id, alert_type, severity, evidence_json) VALUES ('a0000000-0000-0000-0000-000000000001', 'quality_drop', 'low', 'null')$$),
    ('evidence_json number',     $$INSERT INTO ai_value.gaming_alerts (workflow_id, alert_type, severity, evidence_json) VALUES ('a0000000-0000-0000-0000-000000000001', 'quality_drop', 'low', '1')$$),
    ('evidence_json SQL NULL',   $$INSERT INTO ai_value.gaming_alerts (workflow_id, alert_type, severity, evidence_json) VALUES ('a0000000-0000-0000-0000-000000000001', 'quality_drop', 'low', NULL)$$),
    ('workflow_id NULL quality_drop',           $$INSERT INTO ai_value.gaming_alerts (workflow_id, alert_type, severity) VALUES (NULL, 'quality_drop', 'low')$$),
    ('workflow_id NULL token_spike_no_outcome', $$INSERT INTO ai_value.gaming_alerts (workflow_id, alert_type, severity) VALUES (NULL, 'token_spike_no_outcome', 'high')$$),
    ('workflow_id NULL prompt_spike_no_quality', $$INSERT INTO ai_value.gaming_alerts (workflow_id, alert_type, severity) VALUES (NULL, 'prompt_spike_no_quality', 'high')$$),
    ('workflow_id NULL self_report_mismatch',   $$INSERT INTO ai_value.gaming_alerts (workflow_id, alert_type, severity) VALUES (NULL, 'self_report_mismatch', 'low')$$),
    ('workflow_id NULL usage_rank_chasing (accepted)', $$INSERT INTO ai_value.gaming_alerts (workflow_id, alert_type, severity, metric_id) VALUES (NULL, 'usage_rank_chasing', 'high', '00000000-0000-0000-0000-0000000000a1')$$),
    ('alert duplicate in one window', $$INSERT INTO ai_value.gaming_alerts (workflow_id, alert_type, severity, evidence_json) VALUES ('a0000000-0000-0000-0000-000000000001', 'quality_drop', 'low', '{"window": "w"}'), ('a0000000-0000-0000-0000-000000000001', 'quality_drop', 'high', '{"window": "w"}')$$),
    ('alert unknown metric',     $$INSERT INTO ai_value.gaming_alerts (workflow_id, alert_type, severity, metric_id) VALUES ('a0000000-0000-0000-0000-000000000001', 'quality_drop', 'low', '00000000-0000-0000-0000-00000000ffff')$$),
    ('severity NULL',            $$INSERT INTO ai_value.gaming_alerts (workflow_id, alert_type, severity) VALUES ('a0000000-0000-0000-0000-000000000001', 'quality_drop', NULL)$$),
    -- exceptions
    ('reason empty',             $$INSERT INTO ai_value.metric_exceptions (metric_id, requested_by, reason, expires_at) VALUES ('00000000-0000-0000-0000-0000000000a1', '11111111-1111-1111-1111-111111111111', '', now() + interval '1 day')$$),
    ('reason whitespace',        $$INSERT INTO ai_value.metric_exceptions (metric_id, requested_by, reason, expires_at) VALUES ('00000000-0000-0000-0000-0000000000a1', '11111111-1111-1111-1111-111111111111', E'  \n', now() + interval '1 day')$$),
    ('reason zero-width only',   $$INSERT INTO ai_value.metric_exceptions (metric_id, requested_by, reason, expires_at) VALUES ('00000000-0000-0000-0000-0000000000a1', '11111111-1111-1111-1111-111111111111', U&'\200B\200D\2060', now() + interval '1 day')$$),
    ('reason over 8192 bytes',   $$INSERT INTO ai_value.metric_exceptions (metric_id, requested_by, reason, expires_at) VALUES ('00000000-0000-0000-0000-0000000000a1', '11111111-1111-1111-1111-111111111111', repeat('r', 8193), now() + interval '1 day')$$),
    ('reason NULL',              $$INSERT INTO ai_value.metric_exceptions (metric_id, requested_by, reason, expires_at) VALUES ('00000000-0000-0000-0000-0000000000a1', '11111111-1111-1111-1111-111111111111', NULL, now() + interval '1 day')$$),
    ('expires_at infinity',      $$INSERT INTO ai_value.metric_exceptions (metric_id, requested_by, reason, expires_at) VALUES ('00000000-0000-0000-0000-0000000000a1', '11111111-1111-1111-1111-111111111111', 'r', 'infinity')$$),
    ('expires_at NULL',          $$INSERT INTO ai_value.metric_exceptions (metric_id, requested_by, reason, expires_at) VALUES ('00000000-0000-0000-0000-0000000000a1', '11111111-1111-1111-1111-111111111111', 'r', NULL)$$),
    ('requested_by NULL',        $$INSERT INTO ai_value.metric_exceptions (metric_id, requested_by, reason, expires_at) VALUES ('00000000-0000-0000-0000-0000000000a1', NULL, 'r', now() + interval '1 day')$$),
    ('approved by the requester', $$INSERT INTO ai_value.metric_exceptions (metric_id, requested_by, reason, expires_at, approved_by) VALUES ('00000000-0000-0000-0000-0000000000a1', '11111111-1111-1111-1111-111111111111', 'r', now() + interval '1 day', '11111111-1111-1111-1111-111111111111')$$),
    ('approved without approver', $$INSERT INTO ai_value.metric_exceptions (metric_id, requested_by, reason, expires_at, status, decided_at) VALUES ('00000000-0000-0000-0000-0000000000a1', '11111111-1111-1111-1111-111111111111', 'r', now() + interval '1 day', 'approved', now())$$),
    ('approved without decided_at', $$INSERT INTO ai_value.metric_exceptions (metric_id, requested_by, reason, expires_at, status, approved_by) VALUES ('00000000-0000-0000-0000-0000000000a1', '11111111-1111-1111-1111-111111111111', 'r', now() + interval '1 day', 'approved', '22222222-2222-2222-2222-222222222221')$$),
    ('exception unknown metric', $$INSERT INTO ai_value.metric_exceptions (metric_id, requested_by, reason, expires_at) VALUES ('00000000-0000-0000-0000-00000000ffff', '11111111-1111-1111-1111-111111111111', 'r', now() + interval '1 day')$$),
    -- settings, activity_terms, principals, audit_log
    ('settings value < 0',       $$UPDATE ai_value.settings SET value = -1 WHERE key = 'max_exception_days'$$),
    ('settings value NaN',       $$UPDATE ai_value.settings SET value = 'NaN' WHERE key = 'token_spike_ratio'$$),
    ('settings value Infinity',  $$UPDATE ai_value.settings SET value = 'Infinity' WHERE key = 'token_spike_ratio'$$),
    ('settings value NULL',      $$UPDATE ai_value.settings SET value = NULL WHERE key = 'token_spike_ratio'$$),
    ('settings key format',      $$INSERT INTO ai_value.settings (key, value, default_value, description) VALUES ('Bad Key', 1, 1, 'd')$$),
    ('activity term upper-case', $$INSERT INTO ai_value.activity_terms (term) VALUES ('Tokens')$$),
    ('activity term three words', $$INSERT INTO ai_value.activity_terms (term) VALUES ('ai usage rank')$$),
    ('activity term empty',      $$INSERT INTO ai_value.activity_terms (term) VALUES ('')$$),
    ('activity term punctuation', $$INSERT INTO ai_value.activity_terms (term) VALUES ('token-burn')$$),
    ('activity term category',   $$INSERT INTO ai_value.activity_terms (term, category) VALUES ('burnrate', 'bogus')$$),
    ('principal person NULL',    $$INSERT INTO ai_value.principals (role_name, person_id) VALUES ('somebody', NULL)$$),
    ('principal person reused',  $$INSERT INTO ai_value.principals (role_name, person_id) VALUES ('somebody', '11111111-1111-1111-1111-111111111111')$$),
    ('audit id chosen',          $$INSERT INTO ai_value.audit_log (id, actor_role, session_role, action, table_name) VALUES (1000000, 'x', 'x', 'INSERT', 'x')$$);

-- Each case runs in a subtransaction that is rolled back, accepted or not.
CREATE FUNCTION pg_temp.run(stmt text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
    r := split_part(public.av_try(stmt), ' | ', 1);
    RAISE EXCEPTION USING ERRCODE = 'P0003', MESSAGE = r;   -- undo an accepted case too
EXCEPTION WHEN SQLSTATE 'P0003' THEN
    RETURN SQLERRM;
END
$$;
SELECT ord, label, pg_temp.run(stmt) AS result FROM cases ORDER BY ord;
RESET aivalue.restoring;

-- The same refusals as the seats meet them, without restore mode.
SET ROLE av_fin;
SELECT split_part(av_try($$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('a0000000-0000-0000-0000-000000000001', -5, 'm', 1, now() - interval '1 day', now())$$), ' | ', 1) AS finance_negative_tokens;
SELECT split_part(av_try($$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('a0000000-0000-0000-0000-000000000001', 5, 'm', -1, now() - interval '1 day', now())$$), ' | ', 1) AS finance_negative_cost;
SELECT split_part(av_try($$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('a0000000-0000-0000-0000-000000000001', 5, 'm', 1, now(), now() - interval '1 day')$$), ' | ', 1) AS finance_period_reversed;
SELECT split_part(av_try($$INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('a0000000-0000-0000-0000-000000000001', 'NaN', 'm', 1, now() - interval '1 day', now())$$), ' | ', 1) AS finance_nan_tokens;
RESET ROLE;
SET ROLE av_gov;
SELECT split_part(av_try($$UPDATE ai_value.settings SET value = -3 WHERE key = 'max_exception_days'$$), ' | ', 1) AS governance_negative_setting;
SELECT split_part(av_try($$INSERT INTO ai_value.activity_terms (term) VALUES ('TOKENS')$$), ' | ', 1) AS governance_upper_case_term;
SELECT split_part(av_try($$INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale) VALUES ('00000000-0000-0000-0000-0000000000a1', 'block', U&'\00A0\200B')$$), ' | ', 1) AS governance_blank_rationale;
RESET ROLE;
SELECT split_part(av_try($$INSERT INTO ai_value.gaming_alerts (workflow_id, alert_type, severity, evidence_json) VALUES ('a0000000-0000-0000-0000-000000000001', 'quality_drop', 'low', '[1, 2]')$$), ' | ', 1) AS superuser_alert_evidence_array;
SELECT split_part(av_try($$INSERT INTO ai_value.gaming_alerts (workflow_id, alert_type, severity) VALUES (NULL, 'self_report_mismatch', 'low')$$), ' | ', 1) AS superuser_alert_without_workflow;

-- nothing was left behind anywhere
SELECT b.t, b.n AS before, a.n AS after FROM before_counts b JOIN (
    SELECT 'metrics' AS t, count(*) AS n FROM ai_value.ai_value_metrics UNION ALL
    SELECT 'rules', count(*) FROM ai_value.metric_policy_rules UNION ALL
    SELECT 'outcomes', count(*) FROM ai_value.ai_workflow_outcomes UNION ALL
    SELECT 'diagnostics', count(*) FROM ai_value.token_cost_diagnostics UNION ALL
    SELECT 'alerts', count(*) FROM ai_value.gaming_alerts UNION ALL
    SELECT 'exceptions', count(*) FROM ai_value.metric_exceptions UNION ALL
    SELECT 'settings', count(*) FROM ai_value.settings UNION ALL
    SELECT 'terms', count(*) FROM ai_value.activity_terms UNION ALL
    SELECT 'audit', count(*) FROM ai_value.audit_log) a USING (t)
 WHERE a.n <> b.n;
SELECT key, value FROM ai_value.settings WHERE value <> default_value;
