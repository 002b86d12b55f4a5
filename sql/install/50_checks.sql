-- Piece 50: checked writes on outcomes (SPEC §5), rollups, exceptions (§6),
-- the scorecard and cost views (§10) and the outcome / scorecard / cost /
-- exception API (§11). Functions here run with search_path pinned to
-- pg_catalog, pg_temp, so the unqualified operators they use resolve only
-- in pg_catalog.

-- ---------------------------------------------------------------------------
-- Outcome guard (C): acceptance order of doc/DESIGN.md, AV001..AV004.
CREATE FUNCTION ai_value.check_outcome() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'av_check_outcome';
COMMENT ON FUNCTION ai_value.check_outcome() IS 'Accepts an outcome only for an approved metric, or a requires_exception metric with an active exception; else AV001 (blocked), AV002 (diagnostic-only), AV003 (not approved), then AV004 (missing baseline or evidence). Judges from a backend cache of metric state, no SQL per row.';
CREATE TRIGGER av_20_check BEFORE INSERT OR UPDATE ON ai_value.ai_workflow_outcomes
    FOR EACH ROW EXECUTE FUNCTION ai_value.check_outcome();

-- ---------------------------------------------------------------------------
-- Rollups: derived data the scorecard reads (cost ~ workflows x metrics).
CREATE TABLE ai_value.outcome_rollups (
    workflow_id       uuid NOT NULL,
    metric_id         uuid NOT NULL,
    evidence_kind     ai_value.evidence_kind NOT NULL,
    outcomes_n        bigint NOT NULL,
    baseline_n        bigint NOT NULL,
    baseline_sum      numeric NOT NULL,
    observed_sum      numeric NOT NULL,
    first_measured_at timestamptz,
    last_measured_at  timestamptz,
    PRIMARY KEY (workflow_id, metric_id, evidence_kind)
) WITH (fillfactor = 50);
-- fillfactor 50: every statement updates its groups in place; free space on
-- the page keeps those updates HOT and the table from bloating, so the
-- scorecard scans the same few pages at 100 thousand and 10 million outcomes.
CREATE INDEX outcome_rollups_metric_idx ON ai_value.outcome_rollups (metric_id);
COMMENT ON TABLE ai_value.outcome_rollups IS 'Derived: per (workflow, metric, evidence kind) counts and sums of ai_workflow_outcomes, maintained set-based by statement triggers. Not dumped (rebuilt on restore); read only through ai_value.scorecard.';
COMMENT ON COLUMN ai_value.outcome_rollups.workflow_id IS 'Workflow.';
COMMENT ON COLUMN ai_value.outcome_rollups.metric_id IS 'Metric.';
COMMENT ON COLUMN ai_value.outcome_rollups.evidence_kind IS 'Evidence kind of the outcomes counted.';
COMMENT ON COLUMN ai_value.outcome_rollups.outcomes_n IS 'Number of outcomes.';
COMMENT ON COLUMN ai_value.outcome_rollups.baseline_n IS 'Number of outcomes with a baseline_value.';
COMMENT ON COLUMN ai_value.outcome_rollups.baseline_sum IS 'Sum of baseline_value (where present).';
COMMENT ON COLUMN ai_value.outcome_rollups.observed_sum IS 'Sum of observed_value.';
COMMENT ON COLUMN ai_value.outcome_rollups.first_measured_at IS 'Earliest measured_at.';
COMMENT ON COLUMN ai_value.outcome_rollups.last_measured_at IS 'Latest measured_at.';

CREATE FUNCTION ai_value.rollup_outcomes() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'av_rollup_trigger';
COMMENT ON FUNCTION ai_value.rollup_outcomes() IS 'Folds a statement''s outcome rows into ai_value.outcome_rollups with one set-based upsert (transition tables av_new / av_old).';
CREATE TRIGGER av_80_rollup_ins AFTER INSERT ON ai_value.ai_workflow_outcomes
    REFERENCING NEW TABLE AS av_new FOR EACH STATEMENT EXECUTE FUNCTION ai_value.rollup_outcomes();
CREATE TRIGGER av_80_rollup_upd AFTER UPDATE ON ai_value.ai_workflow_outcomes
    REFERENCING OLD TABLE AS av_old NEW TABLE AS av_new FOR EACH STATEMENT EXECUTE FUNCTION ai_value.rollup_outcomes();
CREATE TRIGGER av_80_rollup_del AFTER DELETE ON ai_value.ai_workflow_outcomes
    REFERENCING OLD TABLE AS av_old FOR EACH STATEMENT EXECUTE FUNCTION ai_value.rollup_outcomes();

-- Repair after a load that bypassed the triggers (pg_restore --disable-triggers).
CREATE FUNCTION ai_value.rebuild_rollups() RETURNS bigint
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    n bigint;
BEGIN
    LOCK TABLE ai_value.ai_workflow_outcomes IN SHARE MODE;
    LOCK TABLE ai_value.outcome_rollups IN EXCLUSIVE MODE;
    DELETE FROM ai_value.outcome_rollups;
    INSERT INTO ai_value.outcome_rollups
        (workflow_id, metric_id, evidence_kind, outcomes_n, baseline_n, baseline_sum,
         observed_sum, first_measured_at, last_measured_at)
    SELECT o.workflow_id, o.metric_id, o.evidence_kind, count(*), count(o.baseline_value),
           COALESCE(sum(o.baseline_value), 0), sum(o.observed_value), min(o.measured_at), max(o.measured_at)
      FROM ai_value.ai_workflow_outcomes o
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$fn$;
COMMENT ON FUNCTION ai_value.rebuild_rollups() IS 'Rebuilds ai_value.outcome_rollups from ai_workflow_outcomes; for the DBA after pg_restore --disable-triggers. Returns the number of rollup rows.';

-- ---------------------------------------------------------------------------
-- Live state of every metric: the rule in force (latest effective_at <= now(),
-- a block winning a tie, as in checks.c), whether an exception is active
-- (status approved AND expires_at > now(), never the status alone), and
-- whether outcomes of the metric count (acceptance order of doc/DESIGN.md).
-- Internal: no role reads it directly.
CREATE VIEW ai_value._metric_state AS
SELECT m.id, m.metric_key, m.metric_name, m.metric_type, m.status,
       r.policy, r.rationale, r.alternatives,
       x.active AS exception_active,
       CASE WHEN m.status IN ('blocked', 'diagnostic_only')
                 OR r.policy IN ('block', 'diagnostic_only') THEN false
            WHEN r.policy = 'requires_exception' THEN x.active
            ELSE m.status = 'approved' END AS usable
  FROM ai_value.ai_value_metrics m
  LEFT JOIN LATERAL (
        SELECT p.policy, p.rationale, p.alternatives
          FROM ai_value.metric_policy_rules p
         WHERE p.metric_id = m.id AND p.effective_at <= now()
         ORDER BY p.effective_at DESC, (p.policy = 'block') DESC, p.id
         LIMIT 1) r ON true
  CROSS JOIN LATERAL (
        SELECT EXISTS (SELECT 1 FROM ai_value.metric_exceptions e
                        WHERE e.metric_id = m.id AND e.status = 'approved'
                          AND e.expires_at > now()) AS active) x;
COMMENT ON VIEW ai_value._metric_state IS 'Internal: each metric with its policy in force, whether an exception is active now, and whether its outcomes count (usable).';
COMMENT ON COLUMN ai_value._metric_state.id IS 'Metric id.';
COMMENT ON COLUMN ai_value._metric_state.metric_key IS 'Metric key.';
COMMENT ON COLUMN ai_value._metric_state.metric_name IS 'Metric name.';
COMMENT ON COLUMN ai_value._metric_state.metric_type IS 'Metric type.';
COMMENT ON COLUMN ai_value._metric_state.status IS 'Metric status.';
COMMENT ON COLUMN ai_value._metric_state.policy IS 'Policy of the rule in force, NULL without one.';
COMMENT ON COLUMN ai_value._metric_state.rationale IS 'Rationale of the rule in force.';
COMMENT ON COLUMN ai_value._metric_state.alternatives IS 'Alternatives of the rule in force.';
COMMENT ON COLUMN ai_value._metric_state.exception_active IS 'An exception is approved and not expired now.';
COMMENT ON COLUMN ai_value._metric_state.usable IS 'Outcomes of this metric count now (approved, or requires_exception with an active exception; never blocked or diagnostic-only).';

-- ---------------------------------------------------------------------------
-- Scorecard (SPEC §10): rollups of usable metrics only, filtered live.
CREATE VIEW ai_value.scorecard AS
WITH live AS (
    SELECT s.* FROM ai_value._metric_state s WHERE s.usable
), g AS (
    SELECT r.workflow_id, r.metric_id, l.metric_type,
           sum(r.outcomes_n) AS outcomes_n,
           COALESCE(sum(r.outcomes_n) FILTER (WHERE r.evidence_kind IN ('system_log', 'sampled_review')), 0) AS verified_n,
           sum(r.baseline_sum) FILTER (WHERE NOT (l.metric_type = 'time_saved' AND r.evidence_kind = 'self_report'))
             / NULLIF(sum(r.baseline_n) FILTER (WHERE NOT (l.metric_type = 'time_saved' AND r.evidence_kind = 'self_report')), 0) AS baseline_avg,
           sum(r.observed_sum) FILTER (WHERE NOT (l.metric_type = 'time_saved' AND r.evidence_kind = 'self_report'))
             / NULLIF(sum(r.outcomes_n) FILTER (WHERE NOT (l.metric_type = 'time_saved' AND r.evidence_kind = 'self_report')), 0) AS observed_avg,
           sum(r.observed_sum) FILTER (WHERE r.evidence_kind = 'self_report')
             / NULLIF(sum(r.outcomes_n) FILTER (WHERE r.evidence_kind = 'self_report'), 0) AS self_reported_avg,
           min(r.first_measured_at) AS first_measured_at,
           max(r.last_measured_at) AS last_measured_at
      FROM ai_value.outcome_rollups r
      JOIN live l ON l.id = r.metric_id
     WHERE r.outcomes_n > 0
     GROUP BY r.workflow_id, r.metric_id, l.metric_type
)
SELECT g.workflow_id, l.id AS metric_id, l.metric_key, l.metric_name, l.metric_type,
       COALESCE(l.policy, 'allow') AS policy,
       g.outcomes_n::bigint AS outcomes_n, g.verified_n::bigint AS verified_n,
       g.baseline_avg, g.observed_avg,
       CASE WHEN g.baseline_avg IS NULL OR g.baseline_avg = 0 THEN NULL
            ELSE (g.observed_avg - g.baseline_avg) / abs(g.baseline_avg) * 100 END AS improvement_pct,
       g.self_reported_avg, g.first_measured_at, g.last_measured_at,
       (SELECT count(*) FROM ai_value.gaming_alerts a
         WHERE a.workflow_id = g.workflow_id
           AND (a.metric_id = l.id OR a.metric_id IS NULL)
           AND a.created_at > now() - (SELECT st.value::float8 * interval '1 day'
                                         FROM ai_value.settings st WHERE st.key = 'alert_open_days')) AS open_alerts
  FROM g JOIN live l ON l.id = g.metric_id;
COMMENT ON VIEW ai_value.scorecard IS 'AI value scorecard: one row per (workflow, metric) for metrics approved now or under an active exception. A metric blocked, made diagnostic-only or whose exception expires disappears at once. Token and prompt counts never appear here.';
COMMENT ON COLUMN ai_value.scorecard.workflow_id IS 'AI workflow.';
COMMENT ON COLUMN ai_value.scorecard.metric_id IS 'Value metric id.';
COMMENT ON COLUMN ai_value.scorecard.metric_key IS 'Value metric key.';
COMMENT ON COLUMN ai_value.scorecard.metric_name IS 'Value metric name.';
COMMENT ON COLUMN ai_value.scorecard.metric_type IS 'What the metric measures (task_completion, time_saved, quality, customer_satisfaction).';
COMMENT ON COLUMN ai_value.scorecard.policy IS 'Policy in force: allow (approved metric) or requires_exception (shown while an exception is active).';
COMMENT ON COLUMN ai_value.scorecard.outcomes_n IS 'Outcomes recorded, all evidence kinds.';
COMMENT ON COLUMN ai_value.scorecard.verified_n IS 'Outcomes with verified evidence (system_log or sampled_review).';
COMMENT ON COLUMN ai_value.scorecard.baseline_avg IS 'Average baseline_value of the outcomes that carry one (self-reported rows excluded for time_saved).';
COMMENT ON COLUMN ai_value.scorecard.observed_avg IS 'Average observed_value; for time_saved metrics self-reported rows never count.';
COMMENT ON COLUMN ai_value.scorecard.improvement_pct IS '(observed_avg - baseline_avg) / abs(baseline_avg) * 100; NULL when baseline_avg is NULL or 0.';
COMMENT ON COLUMN ai_value.scorecard.self_reported_avg IS 'Average observed_value of self_report outcomes, shown apart (compare with observed_avg).';
COMMENT ON COLUMN ai_value.scorecard.first_measured_at IS 'Earliest measured_at.';
COMMENT ON COLUMN ai_value.scorecard.last_measured_at IS 'Latest measured_at.';
COMMENT ON COLUMN ai_value.scorecard.open_alerts IS 'Gaming alerts for this workflow and metric (or the whole workflow) raised within settings.alert_open_days.';

-- ---------------------------------------------------------------------------
-- Cost diagnostics (SPEC §10): the money path, finance and governance only.
CREATE VIEW ai_value.cost_diagnostics AS
WITH live AS MATERIALIZED (
    SELECT s.id FROM ai_value._metric_state s WHERE s.usable
)
SELECT d.workflow_id, d.period_start, d.period_end, d.tokens, d.prompts, d.cost, d.models,
       o.n AS outcomes,
       CASE WHEN o.n > 0 THEN d.cost / o.n END AS cost_per_outcome
  FROM (SELECT t.workflow_id, t.period_start, t.period_end,
               sum(t.token_count) AS tokens, sum(t.prompt_count) AS prompts, sum(t.cost) AS cost,
               array_agg(DISTINCT t.model ORDER BY t.model) AS models
          FROM ai_value.token_cost_diagnostics t
         GROUP BY t.workflow_id, t.period_start, t.period_end) d
 CROSS JOIN LATERAL (
        SELECT count(*) AS n
          FROM ai_value.ai_workflow_outcomes w
         WHERE w.metric_id IN (SELECT l.id FROM live l)
           AND w.workflow_id = d.workflow_id
           AND w.measured_at >= d.period_start AND w.measured_at < d.period_end) o;
COMMENT ON VIEW ai_value.cost_diagnostics IS 'Token cost per workflow and period with the value outcomes recorded in that period: a finance diagnostic (cost per outcome), never a performance metric.';
COMMENT ON COLUMN ai_value.cost_diagnostics.workflow_id IS 'AI workflow.';
COMMENT ON COLUMN ai_value.cost_diagnostics.period_start IS 'Start of the period (inclusive).';
COMMENT ON COLUMN ai_value.cost_diagnostics.period_end IS 'End of the period (exclusive).';
COMMENT ON COLUMN ai_value.cost_diagnostics.tokens IS 'Tokens consumed in the period, all models.';
COMMENT ON COLUMN ai_value.cost_diagnostics.prompts IS 'Prompts sent in the period, where known (NULL if never reported).';
COMMENT ON COLUMN ai_value.cost_diagnostics.cost IS 'Cost of the period, all models, in the reporting currency.';
COMMENT ON COLUMN ai_value.cost_diagnostics.models IS 'Models used in the period.';
COMMENT ON COLUMN ai_value.cost_diagnostics.outcomes IS 'Outcomes of this workflow measured in [period_start, period_end) for metrics whose outcomes count now (approved or active exception).';
COMMENT ON COLUMN ai_value.cost_diagnostics.cost_per_outcome IS 'cost / outcomes; NULL when no outcome was recorded in the period.';

-- ---------------------------------------------------------------------------
-- Exceptions (SPEC §6).

-- What the exception guard needs about a metric; SECURITY DEFINER because
-- team owners cannot read policy rules. Returns no row for an unknown id.
CREATE FUNCTION ai_value._exception_metric(metric uuid,
        OUT metric_key text, OUT status ai_value.metric_status, OUT metric_type ai_value.metric_type,
        OUT policy ai_value.metric_policy, OUT rationale text, OUT max_days numeric)
    RETURNS SETOF record
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT s.metric_key, s.status, s.metric_type, s.policy, s.rationale,
           (SELECT st.value FROM ai_value.settings st WHERE st.key = 'max_exception_days')
      FROM ai_value._metric_state s WHERE s.id = metric
$fn$;
COMMENT ON FUNCTION ai_value._exception_metric(uuid) IS 'Internal: key, status, type, policy in force and its rationale of a metric, and settings.max_exception_days, for the exception guard.';

CREATE FUNCTION ai_value._exception_guard() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    m record;
    me uuid;
BEGIN
    IF ai_value._restoring() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        NEW.status := 'pending';
        NEW.approved_by := NULL;
        NEW.decided_at := NULL;
        NEW.decision_note := NULL;
        NEW.created_at := now();
        IF NEW.metric_id IS NULL THEN
            RAISE EXCEPTION 'exception names no metric' USING ERRCODE = 'AV005';
        END IF;
        SELECT * INTO m FROM ai_value._exception_metric(NEW.metric_id);
        IF NOT FOUND THEN
            RAISE EXCEPTION 'metric % does not exist', NEW.metric_id USING ERRCODE = 'AV005';
        END IF;
        -- Activity metrics: typed as such, or blocked by the gate (its rules name the Tokenmaxxing risk).
        IF m.metric_type = 'blocked_activity'
           OR ((m.status = 'blocked' OR m.policy = 'block') AND m.rationale ~* 'tokenmaxxing') THEN
            RAISE EXCEPTION 'metric "%" is blocked: Tokenmaxxing metrics are not waivable for performance use', m.metric_key
                USING ERRCODE = 'AV005',
                      DETAIL = 'Activity metrics (tokens, prompts, usage rank) measure consumption, not value; no exception can put them in a scorecard, ranking or compensation.',
                      HINT = 'Use a value metric: task_completion_rate, actual_time_saved, output_quality_score or customer_satisfaction.';
        END IF;
        IF m.status = 'blocked' OR m.policy = 'block' THEN
            RAISE EXCEPTION 'metric "%" is blocked and cannot be waived', m.metric_key
                USING ERRCODE = 'AV005',
                      DETAIL = COALESCE(m.rationale, 'Governance blocked this metric.'),
                      HINT = 'A blocked metric returns only by a governance decision (set_policy), not by an exception.';
        END IF;
        IF m.status = 'diagnostic_only' OR m.metric_type = 'cost_diagnostic' OR m.policy = 'diagnostic_only' THEN
            RAISE EXCEPTION 'metric "%" is diagnostic-only and not waivable', m.metric_key
                USING ERRCODE = 'AV005',
                      DETAIL = 'Token and cost data are a finance diagnostic; no exception can put them in a scorecard.';
        END IF;
        IF NEW.reason IS NULL OR NEW.reason !~ '[^\s\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]' THEN
            RAISE EXCEPTION 'exception reason must not be blank' USING ERRCODE = 'AV005',
                HINT = 'Say why the metric is needed before governance approves it.';
        END IF;
        IF NEW.expires_at IS NULL OR NOT isfinite(NEW.expires_at) OR NEW.expires_at <= now() THEN
            RAISE EXCEPTION 'exception expires_at must be in the future' USING ERRCODE = 'AV005',
                DETAIL = 'Every exception is time-boxed.';
        END IF;
        IF NEW.expires_at > now() + m.max_days::float8 * interval '1 day' THEN
            RAISE EXCEPTION 'exception expires_at is more than % days ahead', m.max_days USING ERRCODE = 'AV005',
                DETAIL = 'settings.max_exception_days limits how long an exception may run.';
        END IF;
        RETURN NEW;
    END IF;

    -- UPDATE: only the decision may change, along the allowed transitions.
    IF NEW.id IS DISTINCT FROM OLD.id OR NEW.metric_id IS DISTINCT FROM OLD.metric_id
       OR NEW.requested_by IS DISTINCT FROM OLD.requested_by OR NEW.reason IS DISTINCT FROM OLD.reason
       OR NEW.expires_at IS DISTINCT FROM OLD.expires_at OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        RAISE EXCEPTION 'only the decision on an exception may change' USING ERRCODE = 'AV005',
            DETAIL = 'metric_id, requested_by, reason, expires_at and created_at are fixed when the exception is requested.',
            HINT = 'Request a new exception instead.';
    END IF;
    IF NEW.status = OLD.status THEN
        IF (NEW.approved_by, NEW.decided_at, NEW.decision_note) IS DISTINCT FROM (OLD.approved_by, OLD.decided_at, OLD.decision_note) THEN
            RAISE EXCEPTION 'exception is already %', OLD.status USING ERRCODE = 'AV005',
                DETAIL = 'A decision, once taken, is final.';
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.status = 'pending' AND NEW.status IN ('approved', 'rejected') THEN
        IF OLD.expires_at <= now() THEN
            RAISE EXCEPTION 'exception has expired and cannot be decided' USING ERRCODE = 'AV005';
        END IF;
        SELECT p.person_id INTO me FROM ai_value.principals p WHERE p.role_name = current_user;
        IF me = OLD.requested_by OR NEW.approved_by = OLD.requested_by THEN
            RAISE EXCEPTION 'the requester of an exception cannot decide it' USING ERRCODE = 'AV006',
                DETAIL = 'Separation of duties: another governance member must decide.';
        END IF;
        IF NEW.status = 'approved' AND NEW.approved_by IS NULL THEN
            NEW.approved_by := me;
        END IF;
        IF NEW.status = 'rejected' THEN
            NEW.approved_by := NULL;
        END IF;
        NEW.decided_at := now();
        RETURN NEW;
    END IF;
    IF OLD.status IN ('pending', 'approved') AND NEW.status = 'expired' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'exception status cannot change from % to %', OLD.status, NEW.status USING ERRCODE = 'AV005',
        HINT = 'Decide a pending exception with ai_value.decide_exception(); expire with ai_value.expire_exceptions().';
END
$fn$;
COMMENT ON FUNCTION ai_value._exception_guard() IS 'Internal: exception requests are pending, reasoned, time-boxed and never for activity or diagnostic-only metrics (AV005); decisions follow pending -> approved/rejected (never by the requester, AV006) or pending/approved -> expired.';
CREATE TRIGGER av_20_exception BEFORE INSERT OR UPDATE ON ai_value.metric_exceptions
    FOR EACH ROW EXECUTE FUNCTION ai_value._exception_guard();

CREATE FUNCTION ai_value.decide_exception(id uuid, approve boolean, note text DEFAULT NULL) RETURNS jsonb
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    e ai_value.metric_exceptions;
    me uuid;
BEGIN
    IF id IS NULL OR approve IS NULL THEN
        RAISE EXCEPTION 'decide_exception needs an exception id and a decision' USING ERRCODE = '22023';
    END IF;
    -- The row lock makes two governance members deciding at the same moment
    -- take turns; the second sees the first decision and is refused.
    SELECT * INTO e FROM ai_value.metric_exceptions x WHERE x.id = decide_exception.id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'exception % does not exist', decide_exception.id USING ERRCODE = 'AV005';
    END IF;
    IF e.status <> 'pending' THEN
        RAISE EXCEPTION 'exception is already %', e.status USING ERRCODE = 'AV005',
            DETAIL = 'Only a pending exception can be decided.';
    END IF;
    IF e.expires_at <= now() THEN
        RAISE EXCEPTION 'exception has expired and cannot be decided' USING ERRCODE = 'AV005',
            HINT = 'The requester may ask again with a new expiry.';
    END IF;
    -- The decider must be a known person, or separation of duties cannot be checked.
    SELECT p.person_id INTO me FROM ai_value.principals p WHERE p.role_name = current_user;
    IF me IS NULL THEN
        RAISE EXCEPTION 'role "%" has no principal and cannot decide exceptions', current_user USING ERRCODE = '42501',
            HINT = 'Ask the DBA to map the role in ai_value.principals.';
    END IF;
    IF me = e.requested_by THEN
        RAISE EXCEPTION 'the requester of an exception cannot decide it' USING ERRCODE = 'AV006',
            DETAIL = 'Separation of duties: another governance member must decide.';
    END IF;
    UPDATE ai_value.metric_exceptions x
       SET status = CASE WHEN approve THEN 'approved'::ai_value.exception_status ELSE 'rejected' END,
           approved_by = CASE WHEN approve THEN me END,
           decision_note = note
     WHERE x.id = e.id
    RETURNING * INTO e;
    RETURN pg_catalog.jsonb_build_object('id', e.id, 'metric_id', e.metric_id, 'status', e.status,
        'approved_by', e.approved_by, 'decided_at', e.decided_at, 'expires_at', e.expires_at,
        'decision_note', e.decision_note);
END
$fn$;
COMMENT ON FUNCTION ai_value.decide_exception(uuid, boolean, text) IS 'Governance: approve (true) or reject (false) a pending, unexpired exception with a note. Never one''s own request (AV006); an exception already decided or expired is refused (AV005). Returns the decided exception.';

CREATE FUNCTION ai_value.expire_exceptions() RETURNS integer
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    n integer;
BEGIN
    -- SKIP LOCKED: a concurrent run (or a decision in progress) keeps its
    -- rows; each due row is expired, and audited, exactly once.
    WITH due AS (
        SELECT x.id FROM ai_value.metric_exceptions x
         WHERE x.status IN ('pending', 'approved') AND x.expires_at <= now()
         ORDER BY x.id
           FOR UPDATE SKIP LOCKED)
    UPDATE ai_value.metric_exceptions x SET status = 'expired'
      FROM due WHERE x.id = due.id
       AND x.status IN ('pending', 'approved') AND x.expires_at <= now();
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$fn$;
COMMENT ON FUNCTION ai_value.expire_exceptions() IS 'Marks every pending or approved exception whose expires_at has passed as expired (audited row by row) and returns how many. Safe to run concurrently and from pg_cron; an expired exception already stops counting at its expires_at without it.';

CREATE FUNCTION ai_value.post_exception(payload jsonb) RETURNS jsonb
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    metric uuid;
    e ai_value.metric_exceptions;
BEGIN
    PERFORM ai_value._check_payload(payload,
        '{"id": "uuid", "metric_id": "uuid", "metric_key": "string",
          "reason": "string!", "expires_at": "timestamptz!"}');
    metric := ai_value._payload_metric(payload);
    INSERT INTO ai_value.metric_exceptions AS x (id, metric_id, reason, expires_at)
    VALUES (COALESCE((payload ->> 'id')::uuid, gen_random_uuid()), metric,
            payload ->> 'reason', (payload ->> 'expires_at')::timestamptz)
    RETURNING * INTO e;
    RETURN pg_catalog.jsonb_build_object('id', e.id, 'metric_id', e.metric_id, 'requested_by', e.requested_by,
        'reason', e.reason, 'expires_at', e.expires_at, 'status', e.status, 'created_at', e.created_at);
END
$fn$;
COMMENT ON FUNCTION ai_value.post_exception(jsonb) IS 'POST /ai-value/exceptions: a team owner requests a time-boxed exception {metric_id | metric_key, reason, expires_at[, id]}; it starts pending. 22023 for a bad payload, AV005 for an invalid request.';

-- ---------------------------------------------------------------------------
-- API (SPEC §11).
CREATE FUNCTION ai_value.post_outcome(payload jsonb) RETURNS jsonb
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    metric uuid;
    o ai_value.ai_workflow_outcomes;
BEGIN
    PERFORM ai_value._check_payload(payload,
        '{"id": "uuid", "workflow_id": "uuid!", "metric_id": "uuid", "metric_key": "string",
          "baseline_value": "number", "observed_value": "number!", "evidence_ref": "string!",
          "measured_at": "timestamptz", "evidence_kind": "enum:evidence_kind"}');
    metric := ai_value._payload_metric(payload);
    INSERT INTO ai_value.ai_workflow_outcomes AS x
        (id, workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind)
    VALUES (COALESCE((payload ->> 'id')::uuid, gen_random_uuid()),
            (payload ->> 'workflow_id')::uuid, metric,
            (payload ->> 'baseline_value')::numeric, (payload ->> 'observed_value')::numeric,
            payload ->> 'evidence_ref',
            COALESCE((payload ->> 'measured_at')::timestamptz, now()),
            COALESCE((payload ->> 'evidence_kind')::ai_value.evidence_kind, 'system_log'))
    RETURNING * INTO o;
    RETURN pg_catalog.to_jsonb(o);
END
$fn$;
COMMENT ON FUNCTION ai_value.post_outcome(jsonb) IS 'POST /ai-value/outcomes: records one outcome {workflow_id, metric_id | metric_key, observed_value, evidence_ref[, baseline_value, measured_at, evidence_kind, id]} and returns the stored row. 22023 for a bad payload; AV001-AV004 as the outcome checks decide.';

CREATE FUNCTION ai_value.get_scorecard(filter jsonb DEFAULT '{}') RETURNS jsonb
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    PERFORM ai_value._check_payload(filter,
        '{"workflow_id": "uuid", "metric_id": "uuid", "metric_key": "string",
          "metric_type": "enum:metric_type"}');
    RETURN COALESCE((
        SELECT jsonb_agg(to_jsonb(s) ORDER BY s.workflow_id, s.metric_key)
          FROM ai_value.scorecard s
         WHERE (filter ->> 'workflow_id' IS NULL OR s.workflow_id = (filter ->> 'workflow_id')::uuid)
           AND (filter ->> 'metric_id' IS NULL OR s.metric_id = (filter ->> 'metric_id')::uuid)
           AND (filter ->> 'metric_key' IS NULL OR s.metric_key = filter ->> 'metric_key')
           AND (filter ->> 'metric_type' IS NULL OR s.metric_type = (filter ->> 'metric_type')::ai_value.metric_type)),
        '[]'::jsonb);
END
$fn$;
COMMENT ON FUNCTION ai_value.get_scorecard(jsonb) IS 'GET /ai-value/scorecard: the scorecard rows as a JSON array, optionally filtered by {workflow_id, metric_id, metric_key, metric_type}. 22023 for a bad filter.';

CREATE FUNCTION ai_value.get_cost_diagnostics(filter jsonb DEFAULT '{}') RETURNS jsonb
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    PERFORM ai_value._check_payload(filter,
        '{"workflow_id": "uuid", "period_start": "timestamptz", "period_end": "timestamptz"}');
    RETURN COALESCE((
        SELECT jsonb_agg(to_jsonb(c) ORDER BY c.workflow_id, c.period_start, c.period_end)
          FROM ai_value.cost_diagnostics c
         WHERE (filter ->> 'workflow_id' IS NULL OR c.workflow_id = (filter ->> 'workflow_id')::uuid)
           AND (filter ->> 'period_start' IS NULL OR c.period_start >= (filter ->> 'period_start')::timestamptz)
           AND (filter ->> 'period_end' IS NULL OR c.period_end <= (filter ->> 'period_end')::timestamptz)),
        '[]'::jsonb);
END
$fn$;
COMMENT ON FUNCTION ai_value.get_cost_diagnostics(jsonb) IS 'GET /ai-value/cost-diagnostics: cost_diagnostics rows as a JSON array, optionally filtered by {workflow_id, period_start (rows starting at or after), period_end (rows ending at or before)}. Finance and governance only. 22023 for a bad filter.';

-- ---------------------------------------------------------------------------
-- Privileges (SPEC §9). Rollups and _metric_state: no role.
GRANT SELECT ON ai_value.scorecard TO ai_value_team_owner, ai_value_governance,
    ai_value_finance, ai_value_performance_admin, ai_value_writer;
GRANT SELECT ON ai_value.cost_diagnostics TO ai_value_finance, ai_value_governance;
GRANT EXECUTE ON FUNCTION ai_value.post_outcome(jsonb) TO ai_value_team_owner, ai_value_writer;
GRANT EXECUTE ON FUNCTION ai_value.get_scorecard(jsonb) TO ai_value_team_owner, ai_value_governance,
    ai_value_finance, ai_value_performance_admin, ai_value_writer;
GRANT EXECUTE ON FUNCTION ai_value.get_cost_diagnostics(jsonb) TO ai_value_finance, ai_value_governance;
GRANT EXECUTE ON FUNCTION ai_value.post_exception(jsonb) TO ai_value_team_owner;
GRANT EXECUTE ON FUNCTION ai_value.decide_exception(uuid, boolean, text) TO ai_value_governance;
GRANT EXECUTE ON FUNCTION ai_value.expire_exceptions() TO ai_value_governance;
-- Called by the exception guard as the writing role (team owner, governance).
GRANT EXECUTE ON FUNCTION ai_value._exception_metric(uuid) TO ai_value_team_owner, ai_value_governance;
