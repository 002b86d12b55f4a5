-- bench/reference.sql — the PL/pgSQL reference implementation of aivalue's
-- outcome-path governance (SPEC §14): the same checks (§5), the same
-- statement audit (§8), the same per-(workflow, metric, kind) rollups and the
-- same outcome detectors (§7: quality_drop, self_report_mismatch), written
-- the way a careful team would write them in plain PL/pgSQL. Installed only
-- into the benchmark database, never by CREATE EXTENSION.
CREATE SCHEMA bench_ref;

CREATE TABLE bench_ref.outcomes (LIKE ai_value.ai_workflow_outcomes INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE bench_ref.outcomes ADD PRIMARY KEY (id),
    ADD FOREIGN KEY (metric_id) REFERENCES ai_value.ai_value_metrics (id);
CREATE INDEX ON bench_ref.outcomes (metric_id, workflow_id, measured_at);
CREATE INDEX ON bench_ref.outcomes (workflow_id, measured_at);

CREATE TABLE bench_ref.audit_log (LIKE ai_value.audit_log INCLUDING DEFAULTS INCLUDING IDENTITY);
CREATE TABLE bench_ref.rollups (
    workflow_id uuid, metric_id uuid, evidence_kind ai_value.evidence_kind,
    n bigint, baseline_n bigint, baseline_sum numeric, observed_sum numeric,
    first_at timestamptz, last_at timestamptz,
    PRIMARY KEY (workflow_id, metric_id, evidence_kind));
CREATE TABLE bench_ref.alerts (LIKE ai_value.gaming_alerts INCLUDING DEFAULTS);
CREATE UNIQUE INDEX ON bench_ref.alerts (alert_type, workflow_id, metric_id, (evidence_json ->> 'window'));

CREATE FUNCTION bench_ref.check_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    m record;
    r record;
BEGIN
    SELECT status, metric_type, baseline_required INTO m
      FROM ai_value.ai_value_metrics WHERE id = NEW.metric_id;
    IF NOT FOUND THEN
        RETURN NEW;   -- the foreign key reports it
    END IF;
    SELECT policy, rationale, alternatives INTO r
      FROM ai_value.metric_policy_rules
     WHERE metric_id = NEW.metric_id AND effective_at <= clock_timestamp()
     ORDER BY effective_at DESC LIMIT 1;
    IF m.status = 'blocked' OR r.policy = 'block' THEN
        RAISE EXCEPTION 'metric is blocked' USING ERRCODE = 'AV001', DETAIL = r.rationale,
            HINT = array_to_string(r.alternatives, ', ');
    ELSIF m.status = 'diagnostic_only' OR r.policy = 'diagnostic_only' THEN
        RAISE EXCEPTION 'diagnostic-only metrics cannot enter a scorecard' USING ERRCODE = 'AV002';
    ELSIF r.policy = 'requires_exception' THEN
        IF NOT EXISTS (SELECT 1 FROM ai_value.metric_exceptions
                        WHERE metric_id = NEW.metric_id AND status = 'approved'
                          AND expires_at > clock_timestamp()) THEN
            RAISE EXCEPTION 'metric is not approved' USING ERRCODE = 'AV003';
        END IF;
    ELSIF m.status <> 'approved' THEN
        RAISE EXCEPTION 'metric is not approved' USING ERRCODE = 'AV003';
    END IF;
    IF m.baseline_required AND NEW.baseline_value IS NULL THEN
        RAISE EXCEPTION 'baseline_value is required' USING ERRCODE = 'AV004';
    END IF;
    IF NEW.evidence_ref !~ '[^\s]' THEN
        RAISE EXCEPTION 'evidence_ref is blank' USING ERRCODE = 'AV004';
    END IF;
    RETURN NEW;
END
$$;

CREATE FUNCTION bench_ref.after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO bench_ref.audit_log (actor_role, session_role, action, table_name, row_count)
    SELECT current_user, session_user, 'INSERT', 'outcomes', count(*) FROM av_new HAVING count(*) > 0;

    INSERT INTO bench_ref.rollups AS r
    SELECT workflow_id, metric_id, evidence_kind, count(*), count(baseline_value),
           sum(baseline_value), sum(observed_value), min(measured_at), max(measured_at)
      FROM av_new GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (workflow_id, metric_id, evidence_kind) DO UPDATE
       SET n = r.n + excluded.n, baseline_n = r.baseline_n + excluded.baseline_n,
           baseline_sum = coalesce(r.baseline_sum, 0) + coalesce(excluded.baseline_sum, 0),
           observed_sum = r.observed_sum + excluded.observed_sum,
           first_at = least(r.first_at, excluded.first_at), last_at = greatest(r.last_at, excluded.last_at);

    -- quality_drop: quality outcomes >= 10 % under their baseline
    INSERT INTO bench_ref.alerts (workflow_id, alert_type, severity, evidence_json, metric_id)
    SELECT DISTINCT ON (n.workflow_id, n.metric_id, date_trunc('day', n.measured_at))
           n.workflow_id, 'quality_drop', 'medium',
           jsonb_build_object('window', date_trunc('day', n.measured_at), 'outcome_id', n.id),
           n.metric_id
      FROM av_new n JOIN ai_value.ai_value_metrics m ON m.id = n.metric_id
     WHERE m.metric_type = 'quality' AND n.baseline_value <> 0
       AND (n.baseline_value - n.observed_value) / abs(n.baseline_value) >= 0.10
    ON CONFLICT DO NOTHING;

    -- self_report_mismatch over the trailing 30 days of affected time_saved pairs
    INSERT INTO bench_ref.alerts (workflow_id, alert_type, severity, evidence_json, metric_id)
    SELECT a.workflow_id, 'self_report_mismatch', 'medium',
           jsonb_build_object('window', a.last_at::date), a.metric_id
      FROM (SELECT n.workflow_id, n.metric_id, max(n.measured_at) AS last_at
              FROM av_new n JOIN ai_value.ai_value_metrics m ON m.id = n.metric_id
             WHERE m.metric_type = 'time_saved' GROUP BY 1, 2) a
      CROSS JOIN LATERAL (
            SELECT avg(o.observed_value) FILTER (WHERE o.evidence_kind = 'self_report') AS self_avg,
                   count(*) FILTER (WHERE o.evidence_kind = 'self_report') AS self_n,
                   avg(o.observed_value) FILTER (WHERE o.evidence_kind IN ('system_log', 'sampled_review')) AS ver_avg,
                   count(*) FILTER (WHERE o.evidence_kind IN ('system_log', 'sampled_review')) AS ver_n
              FROM bench_ref.outcomes o
             WHERE o.metric_id = a.metric_id AND o.workflow_id = a.workflow_id
               AND o.measured_at > a.last_at - interval '30 days' AND o.measured_at <= a.last_at) s
     WHERE s.self_n >= 3 AND s.ver_n >= 3 AND s.ver_avg > 0 AND s.self_avg >= 1.5 * s.ver_avg
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER ref_20_check BEFORE INSERT OR UPDATE ON bench_ref.outcomes
    FOR EACH ROW EXECUTE FUNCTION bench_ref.check_outcome();
CREATE TRIGGER ref_80_after AFTER INSERT ON bench_ref.outcomes
    REFERENCING NEW TABLE AS av_new FOR EACH STATEMENT EXECUTE FUNCTION bench_ref.after_insert();
