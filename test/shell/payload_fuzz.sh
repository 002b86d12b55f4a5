#!/usr/bin/env bash
# payload_fuzz.sh (issue 8, bad input): for a bounded time (AV_FUZZ_SECONDS,
# default 20) generates random jsonb documents — the API's real keys mixed
# with random ones, random types, nesting, huge and tiny numbers, unicode,
# zero-width and long strings, nulls, real and random ids — and calls every
# ai_value function taking a jsonb argument (found in the catalog at run
# time) as every seat that may execute it. Each call runs in a
# subtransaction that is rolled back. Fails if any call ends in SQLSTATE
# XX000 (internal error) or the backend crashes; checks that the server stays
# up and SELECT 1 works; prints the number of cases run. Batches are seeded,
# so a failing batch can be replayed: AV_FUZZ_SEED=<seed> AV_FUZZ_SECONDS=1.
set -u
db=aivalue_fuzz_$$
secs=${AV_FUZZ_SECONDS:-20}
batch_secs=2
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1' EXIT
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null || exit 1
q <<'SQL' >/dev/null || exit 1
SET client_min_messages = warning;
CREATE EXTENSION aivalue;
DO $r$
DECLARE r record;
BEGIN
    FOR r IN SELECT * FROM (VALUES ('av_owner', 'ai_value_team_owner'), ('av_gov', 'ai_value_governance'),
                                   ('av_fin', 'ai_value_finance'), ('av_perf', 'ai_value_performance_admin'),
                                   ('av_writer', 'ai_value_writer'), ('av_nobody', NULL)) v(u, g) LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r.u) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r.u);
        END IF;
        IF r.g IS NOT NULL THEN
            EXECUTE format('GRANT %I TO %I', r.g, r.u);
        END IF;
    END LOOP;
END $r$;
INSERT INTO ai_value.principals (role_name, person_id, display_name) VALUES
    ('av_owner',  '11111111-1111-1111-1111-111111111111', 'Olivia Owner'),
    ('av_gov',    '22222222-2222-2222-2222-222222222221', 'Grace Governance'),
    ('av_fin',    '33333333-3333-3333-3333-333333333333', 'Fiona Finance'),
    ('av_writer', '55555555-5555-5555-5555-555555555555', 'Wanda Writer');
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

-- A random jsonb value; objects draw their keys mostly from the API's.
CREATE FUNCTION public.fz_value(depth int) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
DECLARE
    r double precision := random();
    n int;
    res jsonb;
    keys text[] := ARRAY['metric_key', 'metric_id', 'metric_name', 'metric_type', 'formula', 'data_source',
        'quality_gate', 'anti_gaming_check', 'intended_uses', 'baseline_required', 'owner_id', 'status',
        'workflow_id', 'baseline_value', 'observed_value', 'evidence_ref', 'evidence_kind', 'measured_at',
        'reason', 'expires_at', 'requested_by', 'approved_by', 'decision_note', 'id', 'since', 'until',
        'period_start', 'period_end', 'token_count', 'prompt_count', 'cost', 'model', 'policy', 'rationale',
        'alternatives', 'approve', 'note', 'limit', 'offset', 'filter', 'metric_keys', 'workflow_ids',
        '', ' ', 'METRIC_KEY', 'metric_key ', E'metric\u200b_key', E'\u0645\u0642\u064a\u0627\u0633', 'a.b', '$x'];
    strs text[] := ARRAY['ticket_resolution_rate', 'review_quality_score', 'token_usage', 'prompt_count_rank',
        'task_completion_rate', 'quality', 'time_saved', 'cost_diagnostic', 'blocked_activity', 'approved',
        'blocked', 'requires_exception', 'self_report', 'system_log', 'ranking', 'compensation', 'budget',
        'team_improvement', 'performance_review', 'allow', 'block', 'tbd', 'n/a', '-', 'TODO', '',
        '   ', E'\u200b\u200b', E'\u00a0', 'infinity', '-infinity', 'NaN', 'Infinity', '2026-12-01',
        '2026-12-01T10:00:00Z', '294277-01-01', '4713-01-01 BC', 'not a date', '0', '-1', '1e1000',
        '11111111-1111-1111-1111-111111111111', '00000000-0000-0000-0000-000000000000', 'not-a-uuid',
        E'T\u043ek\u0435n usage', E'\uff54\uff4f\uff4b\uff45\uff4e', 'tok3n_c0unt', E'\U0001F600',
        E'line\nbreak', 'quote''s', 'back\slash', '%s%n', E'\t'];
BEGIN
    IF depth <= 0 OR r < 0.55 THEN
        r := random();
        RETURN CASE
            WHEN r < 0.08 THEN 'null'::jsonb
            WHEN r < 0.14 THEN to_jsonb(random() < 0.5)
            WHEN r < 0.22 THEN to_jsonb((random() * 2000 - 1000)::int)
            WHEN r < 0.28 THEN to_jsonb((random() * 1e6)::numeric)
            WHEN r < 0.32 THEN (ARRAY['1e1000', '-1e1000', '1e-1000', '0.0000000000000000000001',
                                      '123456789012345678901234567890', '-0', '1E+308', '2e308'])[1 + floor(random() * 8)::int]::jsonb
            WHEN r < 0.62 THEN to_jsonb(strs[1 + floor(random() * array_length(strs, 1))::int])
            WHEN r < 0.68 THEN to_jsonb(gen_random_uuid()::text)
            WHEN r < 0.72 THEN to_jsonb(repeat(chr(65 + floor(random() * 26)::int), 1 + floor(random() * 20000)::int))
            WHEN r < 0.80 THEN to_jsonb((SELECT string_agg(chr(c), '') FROM (
                                   SELECT CASE WHEN x BETWEEN 55296 AND 57343 THEN 65533 ELSE x END AS c
                                     FROM (SELECT 1 + floor(random() * 200000)::int AS x
                                             FROM generate_series(1, 1 + floor(random() * 30)::int)) a) b))
            WHEN r < 0.86 THEN to_jsonb((now() + (random() * 400 - 200) * interval '1 day')::text)
            WHEN r < 0.90 THEN to_jsonb((ARRAY['budget', 'ranking', 'team_improvement', 'bogus'])[1 + floor(random() * 4)::int:1 + floor(random() * 4)::int])
            ELSE '{}'::jsonb END;
    END IF;
    IF r < 0.75 THEN
        res := '{}';
        n := floor(random() * 9)::int;
        FOR i IN 1..n LOOP
            res := res || jsonb_build_object(
                CASE WHEN random() < 0.85 THEN keys[1 + floor(random() * array_length(keys, 1))::int]
                     ELSE md5(random()::text) END,
                public.fz_value(depth - 1));
        END LOOP;
        RETURN res;
    END IF;
    res := '[]';
    n := floor(random() * 5)::int;
    FOR i IN 1..n LOOP
        res := res || jsonb_build_array(public.fz_value(depth - 1));
    END LOOP;
    RETURN res;
END
$f$;

-- A payload: usually an object of real keys, sometimes anything at all.
CREATE FUNCTION public.fz_payload() RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
DECLARE
    r double precision := random();
    res jsonb;
BEGIN
    IF r < 0.08 THEN
        RETURN public.fz_value(3);
    ELSIF r < 0.11 THEN
        r := 2000 + floor(random() * 3000);
        RETURN (repeat('[', r::int) || repeat(']', r::int))::jsonb;
    END IF;
    IF random() < 0.3 THEN
        res := public.fz_value(3);
        IF jsonb_typeof(res) = 'object' THEN
            RETURN res;
        END IF;
    END IF;
    BEGIN
        res := '{}';
        FOR i IN 1..(1 + floor(random() * 8)::int) LOOP
            res := res || jsonb_build_object(
                (ARRAY['metric_key', 'metric_id', 'metric_name', 'metric_type', 'formula', 'data_source',
                       'quality_gate', 'anti_gaming_check', 'intended_uses', 'baseline_required', 'workflow_id',
                       'baseline_value', 'observed_value', 'evidence_ref', 'evidence_kind', 'measured_at',
                       'reason', 'expires_at', 'since', 'period_start', 'period_end', 'id', 'approve', 'note'])
                       [1 + floor(random() * 24)::int],
                public.fz_value(1));
        END LOOP;
    END;
    RETURN res;
END
$f$;

-- One batch: cases until the time is up; XX000 answers are reported.
CREATE FUNCTION public.fz_batch(seed double precision, seconds double precision)
RETURNS TABLE(cases bigint, internal_errors bigint, first_internal text)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp SET client_min_messages = error AS $f$
DECLARE
    qs text[];
    rls text[];
    stop timestamptz := clock_timestamp() + seconds * interval '1 second';
    payload jsonb;
    st text;
    msg text;
    n bigint := 0;
    ie bigint := 0;
    first text;
    k int;
BEGIN
    PERFORM setseed(seed);
    -- one call per (function, seat): the jsonb argument is $1, a text
    -- argument gets the payload's metric_key ($2), anything else NULL
    SELECT array_agg(x.q ORDER BY x.q, x.rolname), array_agg(x.rolname ORDER BY x.q, x.rolname) INTO qs, rls FROM (
        SELECT r.rolname,
               'SELECT ' || p.oid::regproc::text || '(' || (
                   SELECT string_agg(CASE WHEN t = 'jsonb'::regtype THEN '$1'
                                          WHEN t = 'text'::regtype THEN '$2'
                                          ELSE 'NULL::' || format_type(t, NULL) END, ', ' ORDER BY o)
                     FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY a(t, o)) || ')' AS q
          FROM pg_proc p, pg_roles r
         WHERE p.pronamespace = 'ai_value'::regnamespace AND p.prokind = 'f'
           AND 'jsonb'::regtype = ANY (p.proargtypes::oid[])
           AND r.rolname IN ('av_owner', 'av_gov', 'av_fin', 'av_perf', 'av_writer', 'av_nobody', current_user)
           AND (has_function_privilege(r.rolname, p.oid, 'EXECUTE') OR r.rolname = 'av_nobody')) x;
    IF qs IS NULL THEN
        RAISE EXCEPTION 'no jsonb function found in ai_value';
    END IF;
    WHILE clock_timestamp() < stop LOOP
        payload := public.fz_payload();
        k := 1 + floor(random() * array_length(qs, 1))::int;
        n := n + 1;
        BEGIN
            PERFORM set_config('role', rls[k], true);
            EXECUTE qs[k] USING payload, payload ->> 'metric_key';
            RAISE EXCEPTION USING ERRCODE = 'AVZZZ';
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
            IF st = 'XX000' THEN
                ie := ie + 1;
                IF first IS NULL THEN
                    first := qs[k] || ' as ' || rls[k] || ': ' || msg || ' <- ' || left(payload::text, 300);
                END IF;
            END IF;
        END;
    END LOOP;
    RETURN QUERY SELECT n, ie, first;
END
$f$;
SQL

echo "== fuzzing $(q -c "SELECT count(*) FROM pg_proc WHERE pronamespace = 'ai_value'::regnamespace AND 'jsonb'::regtype = ANY (proargtypes::oid[])") jsonb function(s) of ai_value for ${secs}s"
total=0
internal=0
crashed=0
end=$(( $(date +%s) + secs ))
while [ "$(date +%s)" -lt "$end" ]; do
    seed=${AV_FUZZ_SEED:-0.$RANDOM$RANDOM}
    left=$(( end - $(date +%s) )); [ "$left" -lt 1 ] && break
    b=$batch_secs; [ "$left" -lt "$b" ] && b=$left
    out=$(psql -X -q -At -F '|' -d "$db" -c "SELECT * FROM public.fz_batch($seed, $b)" 2>&1)
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "FAIL batch with seed $seed ended with psql exit $rc: $out"
        crashed=1
        for i in $(seq 1 120); do psql -X -q -At -d postgres -c 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.5; done
        break
    fi
    IFS='|' read -r n ie first <<<"$out"
    total=$((total + n)); internal=$((internal + ie))
    [ "$ie" -gt 0 ] && echo "FAIL seed $seed: $ie internal error(s); first: $first"
done
alive=$(psql -X -q -At -d "$db" -c 'SELECT 1' 2>&1)
echo "payload_fuzz: $total cases, $internal internal error(s), crash: $crashed, SELECT 1 after: $alive"
[ "$total" -gt 0 ] && [ "$internal" -eq 0 ] && [ "$crashed" -eq 0 ] && [ "$alive" = 1 ]
