-- Piece 35: strict payload validation shared by every jsonb API function
-- (SPEC §11): a NULL or non-object payload, an unknown key, a missing required
-- key or a value of the wrong type is refused with 22023 naming the key,
-- before anything is written.

-- fields maps each allowed key to its type; a trailing '!' marks it required.
-- Types: string, text (non-blank string), number, boolean, uuid, timestamptz,
-- string[] (array of strings), object, enum:<type name in ai_value>,
-- enum[]:<type name in ai_value>.
CREATE FUNCTION ai_value._check_payload(payload jsonb, fields jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    k text;
    v jsonb;
    spec text;
    typ text;
    req boolean;
    el jsonb;
BEGIN
    IF payload IS NULL OR pg_catalog.jsonb_typeof(payload) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'payload must be a JSON object'
            USING ERRCODE = '22023',
                  DETAIL = pg_catalog.format('Got %s.', COALESCE(pg_catalog.jsonb_typeof(payload), 'NULL')),
                  HINT = pg_catalog.format('Allowed keys: %s.', (SELECT pg_catalog.string_agg(x, ', ' ORDER BY x) FROM pg_catalog.jsonb_object_keys(fields) x));
    END IF;
    FOR k IN SELECT pg_catalog.jsonb_object_keys(payload) LOOP
        IF NOT fields ? k THEN
            RAISE EXCEPTION 'unknown key "%" in payload', pg_catalog.left(k, 100)
                USING ERRCODE = '22023',
                      HINT = pg_catalog.format('Allowed keys: %s.', (SELECT pg_catalog.string_agg(x, ', ' ORDER BY x) FROM pg_catalog.jsonb_object_keys(fields) x));
        END IF;
    END LOOP;
    FOR k, spec IN SELECT key, value FROM pg_catalog.jsonb_each_text(fields) LOOP
        req := pg_catalog.right(spec, 1) = '!';
        typ := pg_catalog.rtrim(spec, '!');
        v := payload -> k;
        IF v IS NULL OR pg_catalog.jsonb_typeof(v) = 'null' THEN
            IF req THEN
                RAISE EXCEPTION 'missing required key "%" in payload', k USING ERRCODE = '22023';
            END IF;
            CONTINUE;
        END IF;
        BEGIN
            CASE
                WHEN typ = 'string' THEN
                    IF pg_catalog.jsonb_typeof(v) <> 'string' THEN RAISE EXCEPTION USING ERRCODE = '22P02'; END IF;
                WHEN typ = 'text' THEN
                    IF pg_catalog.jsonb_typeof(v) <> 'string'
                       OR (v #>> '{}') !~ '[^\s\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]' THEN
                        RAISE EXCEPTION USING ERRCODE = '22P02';
                    END IF;
                WHEN typ = 'number' THEN
                    IF pg_catalog.jsonb_typeof(v) <> 'number' THEN RAISE EXCEPTION USING ERRCODE = '22P02'; END IF;
                WHEN typ = 'boolean' THEN
                    IF pg_catalog.jsonb_typeof(v) <> 'boolean' THEN RAISE EXCEPTION USING ERRCODE = '22P02'; END IF;
                WHEN typ = 'object' THEN
                    IF pg_catalog.jsonb_typeof(v) <> 'object' THEN RAISE EXCEPTION USING ERRCODE = '22P02'; END IF;
                WHEN typ = 'uuid' THEN
                    IF pg_catalog.jsonb_typeof(v) <> 'string' THEN RAISE EXCEPTION USING ERRCODE = '22P02'; END IF;
                    PERFORM (v #>> '{}')::uuid;
                WHEN typ = 'timestamptz' THEN
                    IF pg_catalog.jsonb_typeof(v) <> 'string' THEN RAISE EXCEPTION USING ERRCODE = '22P02'; END IF;
                    IF NOT pg_catalog.isfinite((v #>> '{}')::timestamptz) THEN RAISE EXCEPTION USING ERRCODE = '22P02'; END IF;
                WHEN typ = 'string[]' THEN
                    IF pg_catalog.jsonb_typeof(v) <> 'array' THEN RAISE EXCEPTION USING ERRCODE = '22P02'; END IF;
                    FOR el IN SELECT pg_catalog.jsonb_array_elements(v) LOOP
                        IF pg_catalog.jsonb_typeof(el) <> 'string' THEN RAISE EXCEPTION USING ERRCODE = '22P02'; END IF;
                    END LOOP;
                WHEN typ LIKE 'enum:%' THEN
                    IF pg_catalog.jsonb_typeof(v) <> 'string' OR NOT EXISTS (
                        SELECT 1 FROM pg_catalog.pg_enum e
                         WHERE e.enumtypid OPERATOR(pg_catalog.=) pg_catalog.to_regtype('ai_value.' OPERATOR(pg_catalog.||) pg_catalog.substr(typ, 6))
                           AND e.enumlabel::text OPERATOR(pg_catalog.=) (v #>> '{}')) THEN
                        RAISE EXCEPTION USING ERRCODE = '22P02';
                    END IF;
                WHEN typ LIKE 'enum[]:%' THEN
                    IF pg_catalog.jsonb_typeof(v) <> 'array' THEN RAISE EXCEPTION USING ERRCODE = '22P02'; END IF;
                    FOR el IN SELECT pg_catalog.jsonb_array_elements(v) LOOP
                        IF pg_catalog.jsonb_typeof(el) <> 'string' OR NOT EXISTS (
                            SELECT 1 FROM pg_catalog.pg_enum e
                             WHERE e.enumtypid OPERATOR(pg_catalog.=) pg_catalog.to_regtype('ai_value.' OPERATOR(pg_catalog.||) pg_catalog.substr(typ, 8))
                               AND e.enumlabel::text OPERATOR(pg_catalog.=) (el #>> '{}')) THEN
                            RAISE EXCEPTION USING ERRCODE = '22P02';
                        END IF;
                    END LOOP;
                ELSE
                    RAISE EXCEPTION 'unknown payload field type "%" for key "%"', pg_catalog.left(typ, 100), k
                        USING ERRCODE = '22023';
            END CASE;
        EXCEPTION
            WHEN invalid_text_representation OR datetime_field_overflow OR invalid_datetime_format
                 OR numeric_value_out_of_range THEN
                RAISE EXCEPTION 'key "%" must be %', k,
                    CASE WHEN typ LIKE 'enum[]:%' THEN 'an array of ai_value.' || pg_catalog.substr(typ, 8) || ' values'
                         WHEN typ LIKE 'enum:%' THEN 'one of ai_value.' || pg_catalog.substr(typ, 6) || ' values'
                         WHEN typ = 'text' THEN 'a non-blank string'
                         WHEN typ = 'string[]' THEN 'an array of strings'
                         WHEN typ = 'timestamptz' THEN 'a finite timestamp string'
                         WHEN typ = 'uuid' THEN 'a uuid string'
                         ELSE 'a ' || typ END
                    USING ERRCODE = '22023',
                          DETAIL = pg_catalog.format('Got %s.', pg_catalog.left(v::text, 200));
        END;
    END LOOP;
    RETURN payload;
END
$fn$;
COMMENT ON FUNCTION ai_value._check_payload(jsonb, jsonb) IS 'Internal: strict jsonb payload validation for the API (22023 naming the key).';

-- Resolves the metric a payload names by metric_id or metric_key (SPEC §11).
-- SECURITY DEFINER so that writers, who cannot read the registry table, can
-- name a metric by key; it returns only the id.
CREATE FUNCTION ai_value._payload_metric(payload jsonb) RETURNS uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    by_id uuid;
    by_key uuid;
BEGIN
    IF payload ? 'metric_id' AND pg_catalog.jsonb_typeof(payload -> 'metric_id') <> 'null' THEN
        SELECT m.id INTO by_id FROM ai_value.ai_value_metrics m
         WHERE m.id OPERATOR(pg_catalog.=) (payload ->> 'metric_id')::uuid;
        IF by_id IS NULL THEN
            RAISE EXCEPTION 'key "metric_id" names no metric' USING ERRCODE = '22023',
                DETAIL = pg_catalog.format('No metric has id %s.', payload ->> 'metric_id');
        END IF;
    END IF;
    IF payload ? 'metric_key' AND pg_catalog.jsonb_typeof(payload -> 'metric_key') <> 'null' THEN
        SELECT m.id INTO by_key FROM ai_value.ai_value_metrics m
         WHERE m.metric_key OPERATOR(pg_catalog.=) (payload ->> 'metric_key');
        IF by_key IS NULL THEN
            RAISE EXCEPTION 'key "metric_key" names no metric' USING ERRCODE = '22023',
                DETAIL = pg_catalog.format('No metric has key %s.', pg_catalog.left(payload ->> 'metric_key', 100));
        END IF;
    END IF;
    IF by_id IS NULL AND by_key IS NULL THEN
        RAISE EXCEPTION 'missing required key "metric_id" (or "metric_key") in payload' USING ERRCODE = '22023';
    END IF;
    IF by_id IS NOT NULL AND by_key IS NOT NULL AND by_id OPERATOR(pg_catalog.<>) by_key THEN
        RAISE EXCEPTION 'keys "metric_id" and "metric_key" name different metrics' USING ERRCODE = '22023';
    END IF;
    RETURN COALESCE(by_id, by_key);
END
$fn$;
COMMENT ON FUNCTION ai_value._payload_metric(jsonb) IS 'Internal: the metric id a payload names by metric_id or metric_key (22023 if none, unknown or contradictory).';
GRANT EXECUTE ON FUNCTION ai_value._check_payload(jsonb, jsonb), ai_value._payload_metric(jsonb)
    TO ai_value_team_owner, ai_value_governance, ai_value_finance, ai_value_performance_admin, ai_value_writer;
