-- hardening_input: hostile and broken input (SPEC §3, §11, §12). NULLs,
-- blanks, whitespace-only and zero-width-only text, placeholders, 1 MB
-- strings, invalid UTF-8, NUL characters, enormous numerics, NaN and
-- Infinity, timestamps at the edges, malformed and deeply nested JSON. Each
-- attempt runs as the seat that would make it, in a subtransaction that is
-- always rolled back; what is printed is its SQLSTATE and message (or 'ok'
-- for input the contract accepts). A SQLSTATE outside the documented set
-- (any XX000 above all) raises a WARNING, which the expected output has none
-- of. Row counts of every table are compared before and after.
\set VERBOSITY terse
\i test/fixtures/setup.sql

-- av_case(sql): 'ok' or 'SQLSTATE: message' (message cut at 110 characters:
-- a refused 1 MB value must not flood the output); always rolled back.
CREATE FUNCTION public.av_case(sql text) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
DECLARE
    st text;
    msg text;
BEGIN
    BEGIN
        EXECUTE sql;
        RAISE EXCEPTION USING ERRCODE = 'AVZZZ', MESSAGE = 'accepted, rolled back';
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
    END;
    IF st = 'AVZZZ' THEN
        RETURN 'ok';
    END IF;
    IF st NOT IN ('22023', '23514', '23502', '23503', '23505', '22P02', '22P05', '22003', '22008',
                  '22007', '22021', '54000', '54001', '42501', '22001', '2201E',
                  'AV001', 'AV002', 'AV003', 'AV004', 'AV005', 'AV006') THEN
        RAISE WARNING 'undocumented SQLSTATE % for: %', st, left(sql, 200);
    END IF;
    RETURN st || ': ' || left(regexp_replace(msg, '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', '<uuid>', 'g'), 110);
END
$f$;
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

-- a superuser-approved value metric for outcomes, a proposal for exceptions
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, status, formula,
        data_source, baseline_required, quality_gate, anti_gaming_check, intended_uses)
VALUES ('ticket_resolution_rate', 'Ticket resolution rate', 'task_completion', 'approved',
        'resolved tickets / opened tickets per week', 'helpdesk system log', true,
        'sampled review of 5% of resolved tickets', 'reopened tickets within 7 days are subtracted',
        '{team_improvement}');
SET ROLE av_owner;
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, intended_uses)
VALUES ('review_quality_score', 'Review quality score', 'quality', '{team_improvement}');
RESET ROLE;
SELECT id AS m FROM ai_value.ai_value_metrics WHERE metric_key = 'ticket_resolution_rate' \gset
SELECT id AS p FROM ai_value.ai_value_metrics WHERE metric_key = 'review_quality_score' \gset
SELECT public.av_rowcounts()::text AS counts_before \gset

-- ===================================================================
-- Metrics, proposed by a team owner
-- ===================================================================
SET ROLE av_owner;
SELECT label, public.av_case(format($$INSERT INTO ai_value.ai_value_metrics
        (metric_key, metric_name, metric_type, formula, data_source, quality_gate, anti_gaming_check, intended_uses)
        VALUES (%s)$$, v)) AS result
  FROM (VALUES
    ('valid control',          $$'input_probe_metric', 'Input probe', 'quality', 'f', 'd', 'q', 'a', '{team_improvement}'$$),
    ('key NULL',               $$NULL, 'Input probe', 'quality', 'f', 'd', 'q', 'a', '{}'$$),
    ('key blank',              $$'', 'Input probe', 'quality', 'f', 'd', 'q', 'a', '{}'$$),
    ('key whitespace',         $$'   ', 'Input probe', 'quality', 'f', 'd', 'q', 'a', '{}'$$),
    ('key upper case',         $$'Input_Probe', 'Input probe', 'quality', 'f', 'd', 'q', 'a', '{}'$$),
    ('key zero-width inside',  $$E'input\u200bprobe', 'Input probe', 'quality', 'f', 'd', 'q', 'a', '{}'$$),
    ('key 1 MB',               $$repeat('x', 1048576), 'Input probe', 'quality', 'f', 'd', 'q', 'a', '{}'$$),
    ('name NULL',              $$'input_probe_metric', NULL, 'quality', 'f', 'd', 'q', 'a', '{}'$$),
    ('name blank',             $$'input_probe_metric', '', 'quality', 'f', 'd', 'q', 'a', '{}'$$),
    ('name whitespace',        $$'input_probe_metric', E' \t\n\r ', 'quality', 'f', 'd', 'q', 'a', '{}'$$),
    ('name zero-width only',   $$'input_probe_metric', E'\u200b\u200c\u200d\u2060\ufeff', 'quality', 'f', 'd', 'q', 'a', '{}'$$),
    ('name NBSP/ideographic',  $$'input_probe_metric', E'\u00a0\u3000\u2007', 'quality', 'f', 'd', 'q', 'a', '{}'$$),
    ('name placeholder',       $$'input_probe_metric', 'n/a', 'quality', 'f', 'd', 'q', 'a', '{}'$$),
    ('name 1 MB',              $$'input_probe_metric', repeat('x', 1048576), 'quality', 'f', 'd', 'q', 'a', '{}'$$),
    ('name invalid UTF-8',     $$'input_probe_metric', E'bad \xff\xfe', 'quality', 'f', 'd', 'q', 'a', '{}'$$),
    ('name convert_from',      $$'input_probe_metric', convert_from('\xc328'::bytea, 'UTF8'), 'quality', 'f', 'd', 'q', 'a', '{}'$$),
    ('name NUL character',     $$'input_probe_metric', chr(0), 'quality', 'f', 'd', 'q', 'a', '{}'$$),
    ('name NUL from bytes',    $$'input_probe_metric', convert_from('\x610062'::bytea, 'UTF8'), 'quality', 'f', 'd', 'q', 'a', '{}'$$),
    ('name lone surrogate',    $$'input_probe_metric', convert_from('\xeda080'::bytea, 'UTF8'), 'quality', 'f', 'd', 'q', 'a', '{}'$$),
    ('name overlong UTF-8',    $$'input_probe_metric', convert_from('\xc0af'::bytea, 'UTF8'), 'quality', 'f', 'd', 'q', 'a', '{}'$$),
    ('type blank',             $$'input_probe_metric', 'Input probe', '', 'f', 'd', 'q', 'a', '{}'$$),
    ('type NULL',              $$'input_probe_metric', 'Input probe', NULL, 'f', 'd', 'q', 'a', '{}'$$),
    ('formula 1 MB',           $$'input_probe_metric', 'Input probe', 'quality', repeat('x', 1048576), 'd', 'q', 'a', '{}'$$),
    ('data_source 1 MB',       $$'input_probe_metric', 'Input probe', 'quality', 'f', repeat('x', 1048576), 'q', 'a', '{}'$$),
    ('quality_gate 1 MB',      $$'input_probe_metric', 'Input probe', 'quality', 'f', 'd', repeat('x', 1048576), 'a', '{}'$$),
    ('anti_gaming 1 MB',       $$'input_probe_metric', 'Input probe', 'quality', 'f', 'd', 'q', repeat('x', 1048576), '{}'$$),
    ('formula blank',          $$'input_probe_metric', 'Input probe', 'quality', '', 'd', 'q', 'a', '{team_improvement}'$$),
    ('uses NULL',              $$'input_probe_metric', 'Input probe', 'quality', 'f', 'd', 'q', 'a', NULL$$),
    ('uses with NULL element', $$'input_probe_metric', 'Input probe', 'quality', 'f', 'd', 'q', 'a', '{NULL}'$$),
    ('uses unknown value',     $$'input_probe_metric', 'Input probe', 'quality', 'f', 'd', 'q', 'a', '{leaderboard}'$$),
    ('uses 2-D array',         $$'input_probe_metric', 'Input probe', 'quality', 'f', 'd', 'q', 'a', '{{budget},{ranking}}'$$)
  ) AS t(label, v);
RESET ROLE;

-- ===================================================================
-- Outcomes, recorded by a writer for the approved metric
-- ===================================================================
SET ROLE av_writer;
SELECT label, public.av_case(format($$INSERT INTO ai_value.ai_workflow_outcomes
        (workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind)
        VALUES (%s)$$, replace(v, 'M', quote_literal(:'m')))) AS result
  FROM (VALUES
    ('valid control',         $$gen_random_uuid(), M, 1, 2, 'log:1', now(), 'system_log'$$),
    ('workflow NULL',         $$NULL, M, 1, 2, 'log:1', now(), 'system_log'$$),
    ('workflow blank',        $$'', M, 1, 2, 'log:1', now(), 'system_log'$$),
    ('metric NULL',           $$gen_random_uuid(), NULL, 1, 2, 'log:1', now(), 'system_log'$$),
    ('metric unknown',        $$gen_random_uuid(), gen_random_uuid(), 1, 2, 'log:1', now(), 'system_log'$$),
    ('observed NULL',         $$gen_random_uuid(), M, 1, NULL, 'log:1', now(), 'system_log'$$),
    ('observed NaN',          $$gen_random_uuid(), M, 1, 'NaN', 'log:1', now(), 'system_log'$$),
    ('observed Infinity',     $$gen_random_uuid(), M, 1, 'Infinity', 'log:1', now(), 'system_log'$$),
    ('observed -Infinity',    $$gen_random_uuid(), M, 1, '-Infinity', 'log:1', now(), 'system_log'$$),
    ('observed 1e1000',       $$gen_random_uuid(), M, 1, 1e1000, 'log:1', now(), 'system_log'$$),
    ('observed 1e200000',     $$gen_random_uuid(), M, 1, '1e200000', 'log:1', now(), 'system_log'$$),
    ('observed float8 inf',   $$gen_random_uuid(), M, 1, 'infinity'::float8, 'log:1', now(), 'system_log'$$),
    ('observed text junk',    $$gen_random_uuid(), M, 1, 'lots', 'log:1', now(), 'system_log'$$),
    ('baseline NaN',          $$gen_random_uuid(), M, 'NaN', 2, 'log:1', now(), 'system_log'$$),
    ('baseline Infinity',     $$gen_random_uuid(), M, 'Infinity', 2, 'log:1', now(), 'system_log'$$),
    ('baseline 1e1000',       $$gen_random_uuid(), M, 1e1000, 2, 'log:1', now(), 'system_log'$$),
    ('evidence NULL',         $$gen_random_uuid(), M, 1, 2, NULL, now(), 'system_log'$$),
    ('evidence blank',        $$gen_random_uuid(), M, 1, 2, '', now(), 'system_log'$$),
    ('evidence whitespace',   $$gen_random_uuid(), M, 1, 2, E' \t\n', now(), 'system_log'$$),
    ('evidence zero-width',   $$gen_random_uuid(), M, 1, 2, E'\u200b\u2060\ufeff', now(), 'system_log'$$),
    ('evidence 1 MB',         $$gen_random_uuid(), M, 1, 2, repeat('x', 1048576), now(), 'system_log'$$),
    ('evidence invalid UTF-8', $$gen_random_uuid(), M, 1, 2, E'\xff', now(), 'system_log'$$),
    ('evidence NUL',          $$gen_random_uuid(), M, 1, 2, chr(0), now(), 'system_log'$$),
    ('measured infinity',     $$gen_random_uuid(), M, 1, 2, 'log:1', 'infinity', 'system_log'$$),
    ('measured -infinity',    $$gen_random_uuid(), M, 1, 2, 'log:1', '-infinity', 'system_log'$$),
    ('measured 4713 BC',      $$gen_random_uuid(), M, 1, 2, 'log:1', '4713-01-01 00:00:00+00 BC', 'system_log'$$),
    ('measured 4714 BC',      $$gen_random_uuid(), M, 1, 2, 'log:1', '4714-11-23 00:00:00+00 BC', 'system_log'$$),
    ('measured 294276 AD',    $$gen_random_uuid(), M, 1, 2, 'log:1', '294276-12-31 23:59:59+00', 'system_log'$$),
    ('measured 294277 AD',    $$gen_random_uuid(), M, 1, 2, 'log:1', '294277-01-01 00:00:00+00', 'system_log'$$),
    ('measured Feb 30',       $$gen_random_uuid(), M, 1, 2, 'log:1', '2026-02-30', 'system_log'$$),
    ('measured NULL',         $$gen_random_uuid(), M, 1, 2, 'log:1', NULL, 'system_log'$$),
    ('kind unknown',          $$gen_random_uuid(), M, 1, 2, 'log:1', now(), 'hearsay'$$),
    ('kind NULL',             $$gen_random_uuid(), M, 1, 2, 'log:1', now(), NULL$$)
  ) AS t(label, v);
RESET ROLE;

-- ===================================================================
-- Token diagnostics, recorded by a writer
-- ===================================================================
SET ROLE av_writer;
SELECT label, public.av_case(format($$INSERT INTO ai_value.token_cost_diagnostics
        (workflow_id, token_count, model, cost, period_start, period_end, diagnostic_note, prompt_count)
        VALUES (%s)$$, v)) AS result
  FROM (VALUES
    ('valid control',        $$gen_random_uuid(), 1000, 'model-x', 0.5, '2026-11-01', '2026-11-02', 'note', 10$$),
    ('tokens NULL',          $$gen_random_uuid(), NULL, 'model-x', 0.5, '2026-11-01', '2026-11-02', 'note', 10$$),
    ('tokens negative',      $$gen_random_uuid(), -1, 'model-x', 0.5, '2026-11-01', '2026-11-02', 'note', 10$$),
    ('tokens NaN',           $$gen_random_uuid(), 'NaN', 'model-x', 0.5, '2026-11-01', '2026-11-02', 'note', 10$$),
    ('tokens Infinity',      $$gen_random_uuid(), 'Infinity', 'model-x', 0.5, '2026-11-01', '2026-11-02', 'note', 10$$),
    ('tokens 1e1000',        $$gen_random_uuid(), 1e1000, 'model-x', 0.5, '2026-11-01', '2026-11-02', 'note', 10$$),
    ('tokens 1e200000',      $$gen_random_uuid(), '1e200000', 'model-x', 0.5, '2026-11-01', '2026-11-02', 'note', 10$$),
    ('cost NaN',             $$gen_random_uuid(), 1000, 'model-x', 'NaN', '2026-11-01', '2026-11-02', 'note', 10$$),
    ('cost -Infinity',       $$gen_random_uuid(), 1000, 'model-x', '-Infinity', '2026-11-01', '2026-11-02', 'note', 10$$),
    ('cost negative',        $$gen_random_uuid(), 1000, 'model-x', -0.01, '2026-11-01', '2026-11-02', 'note', 10$$),
    ('prompts negative',     $$gen_random_uuid(), 1000, 'model-x', 0.5, '2026-11-01', '2026-11-02', 'note', -1$$),
    ('prompts NaN',          $$gen_random_uuid(), 1000, 'model-x', 0.5, '2026-11-01', '2026-11-02', 'note', 'NaN'$$),
    ('prompts Infinity',     $$gen_random_uuid(), 1000, 'model-x', 0.5, '2026-11-01', '2026-11-02', 'note', 'Infinity'$$),
    ('model NULL',           $$gen_random_uuid(), 1000, NULL, 0.5, '2026-11-01', '2026-11-02', 'note', 10$$),
    ('model blank',          $$gen_random_uuid(), 1000, '', 0.5, '2026-11-01', '2026-11-02', 'note', 10$$),
    ('model zero-width',     $$gen_random_uuid(), 1000, E'\u200b', 0.5, '2026-11-01', '2026-11-02', 'note', 10$$),
    ('model 1 MB',           $$gen_random_uuid(), 1000, repeat('x', 1048576), 0.5, '2026-11-01', '2026-11-02', 'note', 10$$),
    ('note 1 MB',            $$gen_random_uuid(), 1000, 'model-x', 0.5, '2026-11-01', '2026-11-02', repeat('x', 1048576), 10$$),
    ('note invalid UTF-8',   $$gen_random_uuid(), 1000, 'model-x', 0.5, '2026-11-01', '2026-11-02', E'\xc3\x28', 10$$),
    ('period empty',         $$gen_random_uuid(), 1000, 'model-x', 0.5, '2026-11-02', '2026-11-02', 'note', 10$$),
    ('period reversed',      $$gen_random_uuid(), 1000, 'model-x', 0.5, '2026-11-03', '2026-11-02', 'note', 10$$),
    ('period -infinity',     $$gen_random_uuid(), 1000, 'model-x', 0.5, '-infinity', '2026-11-02', 'note', 10$$),
    ('period to infinity',   $$gen_random_uuid(), 1000, 'model-x', 0.5, '2026-11-01', 'infinity', 'note', 10$$),
    ('period 4713 BC..294276', $$gen_random_uuid(), 1000, 'model-x', 0.5, '4713-01-01 BC', '294276-12-31', 'note', 10$$),
    ('period NULL',          $$gen_random_uuid(), 1000, 'model-x', 0.5, NULL, '2026-11-02', 'note', 10$$)
  ) AS t(label, v);
RESET ROLE;

-- ===================================================================
-- Exceptions, requested by a team owner for the proposal
-- ===================================================================
SET ROLE av_owner;
SELECT label, public.av_case(format($$INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at)
        VALUES (%s)$$, replace(v, 'P', quote_literal(:'p')))) AS result
  FROM (VALUES
    ('valid control',        $$P, 'pilot in team blue', now() + interval '7 days'$$),
    ('reason NULL',          $$P, NULL, now() + interval '7 days'$$),
    ('reason blank',         $$P, '', now() + interval '7 days'$$),
    ('reason whitespace',    $$P, E'\t \n', now() + interval '7 days'$$),
    ('reason zero-width',    $$P, E'\u200b\u200b', now() + interval '7 days'$$),
    ('reason 1 MB',          $$P, repeat('x', 1048576), now() + interval '7 days'$$),
    ('reason invalid UTF-8', $$P, E'\xff', now() + interval '7 days'$$),
    ('expires NULL',         $$P, 'pilot', NULL$$),
    ('expires infinity',     $$P, 'pilot', 'infinity'$$),
    ('expires -infinity',    $$P, 'pilot', '-infinity'$$),
    ('expires 294277 AD',    $$P, 'pilot', '294277-01-01'$$),
    ('metric NULL',          $$NULL, 'pilot', now() + interval '7 days'$$),
    ('metric unknown',       $$gen_random_uuid(), 'pilot', now() + interval '7 days'$$)
  ) AS t(label, v);
RESET ROLE;

-- ===================================================================
-- Policy rules and settings, by governance
-- ===================================================================
SET ROLE av_gov;
SELECT label, public.av_case(format($$INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale, effective_at, alternatives)
        VALUES (%s)$$, replace(v, 'P', quote_literal(:'p')))) AS result
  FROM (VALUES
    ('rationale blank',       $$P, 'allow', '', now(), '{}'$$),
    ('rationale zero-width',  $$P, 'allow', E'\u2060', now(), '{}'$$),
    ('rationale NULL',        $$P, 'allow', NULL, now(), '{}'$$),
    ('effective infinity',    $$P, 'allow', 'ok', 'infinity', '{}'$$),
    ('effective -infinity',   $$P, 'allow', 'ok', '-infinity', '{}'$$),
    ('policy unknown',        $$P, 'maybe', 'ok', now(), '{}'$$),
    ('alternatives NULL elt', $$P, 'allow', 'ok', now(), '{NULL}'$$),
    ('alternatives 2-D',      $$P, 'allow', 'ok', now(), '{{a},{b}}'$$)
  ) AS t(label, v);
SELECT label, public.av_case(format($$UPDATE ai_value.settings SET value = %s WHERE key = 'max_exception_days'$$, v)) AS result
  FROM (VALUES ('setting NaN', $$'NaN'$$), ('setting Infinity', $$'Infinity'$$), ('setting negative', '-1'),
               ('setting NULL', 'NULL'), ('setting 1e1000', '1e1000')) AS t(label, v);
RESET ROLE;

-- ===================================================================
-- The jsonb API: every function of ai_value with a jsonb argument, found in
-- the catalog at run time and called as every seat that may execute it,
-- with malformed and hostile payloads. Printed per payload: whether every
-- answer was a documented refusal, and any call that was not.
-- ===================================================================
CREATE FUNCTION public.av_api_cases(payload_sql text) RETURNS TABLE(calls bigint, outcomes text, undocumented text)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp SET client_min_messages = error AS $f$
DECLARE
    f record;
    q text;
    res text;
    n bigint := 0;
    seen text[] := '{}';
    bad text[] := '{}';
BEGIN
    FOR f IN SELECT p.oid, p.oid::regproc::text AS fname, p.proargtypes::oid[] AS argt, r.rolname
               FROM pg_proc p, pg_roles r
              WHERE p.pronamespace = 'ai_value'::regnamespace AND p.prokind = 'f'
                AND 'jsonb'::regtype = ANY (p.proargtypes::oid[])
                AND r.rolname IN ('av_owner', 'av_gov', 'av_fin', 'av_writer', 'av_perf')
                AND has_function_privilege(r.rolname, p.oid, 'EXECUTE')
              ORDER BY p.oid, r.rolname
    LOOP
        SELECT 'SELECT ' || f.fname || '(' || string_agg(
                 CASE WHEN t = 'jsonb'::regtype THEN '(' || payload_sql || ')::pg_catalog.jsonb'
                      ELSE 'NULL::' || format_type(t, NULL) END, ', ' ORDER BY ord) || ')'
          INTO q FROM unnest(f.argt) WITH ORDINALITY a(t, ord);
        n := n + 1;
        PERFORM set_config('role', f.rolname, true);
        res := public.av_case(q);
        PERFORM set_config('role', 'none', true);
        IF res <> 'ok' THEN
            res := left(res, 5);
        END IF;
        IF NOT res = ANY (seen) THEN
            seen := seen || res;
        END IF;
        IF res NOT IN ('ok', '22023', '22P02', '22P05', '22021', '22003', '22008', '22007', '54000', '54001', '42501', '23514',
                       '23502', 'AV001', 'AV002', 'AV003', 'AV004', 'AV005', 'AV006') THEN
            bad := bad || (res || ' <- ' || left(q, 200));
        END IF;
    END LOOP;
    RETURN QUERY SELECT n, (SELECT string_agg(x, ',' ORDER BY x) FROM unnest(seen) x),
                        NULLIF(array_to_string(bad, E'\n'), '');
END
$f$;
SELECT count(*) > 0 AS jsonb_api_functions_found
  FROM pg_proc p WHERE p.pronamespace = 'ai_value'::regnamespace AND 'jsonb'::regtype = ANY (p.proargtypes::oid[]);
SELECT label, c.calls > 0 AS called, c.undocumented
  FROM (VALUES
    ('SQL NULL',            $$NULL$$),
    ('JSON null',           $$'null'$$),
    ('array',               $$'[]'$$),
    ('string',              $$'"metric_key"'$$),
    ('number',              $$'1'$$),
    ('empty object',        $$'{}'$$),
    ('unknown key',         $$'{"metric_keyy": "x"}'$$),
    ('wrong types',         $$'{"metric_key": 1, "metric_id": true, "workflow_id": [], "observed_value": "1", "expires_at": 5}'$$),
    ('nulls everywhere',    $$'{"metric_key": null, "metric_id": null, "workflow_id": null, "observed_value": null, "reason": null}'$$),
    ('blank strings',       $$'{"metric_key": "", "metric_name": " ", "reason": "\u200b", "evidence_ref": "\t"}'$$),
    ('placeholders',        $$'{"metric_key": "tbd_metric", "metric_name": "TBD", "formula": "n/a", "data_source": "-", "quality_gate": "todo", "anti_gaming_check": "tbd", "metric_type": "quality"}'$$),
    ('malformed',           $$'{"metric_key": '$$),
    ('trailing garbage',    $$'{} {}'$$),
    ('bad escape',          $$'{"reason": "\x"}'$$),
    ('lone surrogate',      $$'{"reason": "\ud800"}'$$),
    ('NUL escape',          $$'{"reason": "\u0000"}'$$),
    ('huge number',         $$'{"observed_value": 1e1000000, "baseline_value": -1e1000000}'$$),
    ('number overflow',     $$'{"observed_value": 1e200000}'$$),
    ('NaN literal',         $$'{"observed_value": NaN}'$$),
    ('NaN string',          $$'{"observed_value": "NaN", "baseline_value": "Infinity"}'$$),
    ('edge timestamps',     $$'{"measured_at": "infinity", "expires_at": "294277-01-01", "since": "-infinity"}'$$),
    ('bad uuid',            $$'{"metric_id": "not-a-uuid", "workflow_id": "0000"}'$$),
    ('1 MB value',          $$jsonb_build_object('metric_key', repeat('x', 1048576), 'reason', repeat('y', 1048576))$$),
    ('1 MB key',            $$jsonb_build_object(repeat('k', 1048576), 1)$$),
    ('10000 keys',          $$(SELECT jsonb_object_agg('k' || i, i) FROM generate_series(1, 10000) i)$$),
    ('nested 1000 deep',    $$(repeat('{"a":', 1000) || '1' || repeat('}', 1000))$$),
    ('nested 100000 deep',  $$(repeat('[', 100000) || repeat(']', 100000))$$),
    ('nested in a value',   $$('{"metric_key": ' || repeat('[', 5000) || repeat(']', 5000) || '}')$$),
    ('invalid UTF-8 text',  $$convert_from('\x7b2261223a2022ff227d'::bytea, 'UTF8')$$)
  ) AS t(label, v), LATERAL public.av_api_cases(v) c;

-- nothing was left behind anywhere
SELECT key, (:'counts_before'::jsonb ->> key)::bigint AS before, value::bigint AS after
  FROM jsonb_each_text(public.av_rowcounts())
 WHERE (:'counts_before'::jsonb ->> key)::bigint IS DISTINCT FROM value::bigint ORDER BY key;

DROP FUNCTION public.av_case(text), public.av_rowcounts(), public.av_api_cases(text);
