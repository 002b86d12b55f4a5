-- Piece 70: live readiness (SPEC §13). health_check() answers the pack's four
-- must-check questions from the data; rollout_status() reports D1/D7/D14/D30.
-- Both read everything, so they are SECURITY DEFINER (pinned search_path) and
-- granted to governance only; they return names and counts, never row data.

-- Metrics that are activity or cost metrics by type or by the gate's classifier
-- (re-run on the stored text, so a metric forced past the gate is still seen).
CREATE FUNCTION ai_value._activity_metrics()
    RETURNS TABLE (id uuid, metric_key text, status ai_value.metric_status,
                   intended_uses ai_value.metric_use[], metric_type ai_value.metric_type)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT m.id, m.metric_key, m.status, m.intended_uses, m.metric_type
      FROM ai_value.ai_value_metrics m
     WHERE m.metric_type OPERATOR(pg_catalog.=) ANY (ARRAY['cost_diagnostic', 'blocked_activity']::ai_value.metric_type[])
        OR (ai_value.classify_metric(m.metric_key, m.metric_name, m.formula, m.data_source, m.intended_uses)).is_activity
$fn$;
COMMENT ON FUNCTION ai_value._activity_metrics() IS 'Internal: metrics that are activity or cost metrics by type or by the gate''s classifier.';

-- Is the metric usable in the scorecard right now (approved, or active exception)?
CREATE FUNCTION ai_value._in_scorecard(m_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT EXISTS (SELECT 1 FROM ai_value.ai_value_metrics m
                    WHERE m.id OPERATOR(pg_catalog.=) m_id
                      AND m.status OPERATOR(pg_catalog.=) 'approved'::ai_value.metric_status)
        OR EXISTS (SELECT 1 FROM ai_value.metric_exceptions e
                    WHERE e.metric_id OPERATOR(pg_catalog.=) m_id
                      AND e.status OPERATOR(pg_catalog.=) 'approved'::ai_value.exception_status
                      AND e.expires_at OPERATOR(pg_catalog.>) pg_catalog.statement_timestamp())
$fn$;
COMMENT ON FUNCTION ai_value._in_scorecard(uuid) IS 'Internal: the metric is approved or under an active exception.';

CREATE FUNCTION ai_value.health_check()
    RETURNS TABLE (check_name text, ok boolean, detail text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    bad text;
    n bigint;
BEGIN
    -- 1. Token metrics only as cost diagnostics.
    SELECT pg_catalog.string_agg(a.metric_key OPERATOR(pg_catalog.||) ' (' OPERATOR(pg_catalog.||) a.status::text OPERATOR(pg_catalog.||) ')', ', ' ORDER BY a.metric_key)
      INTO bad
      FROM ai_value._activity_metrics() a
     WHERE ai_value._in_scorecard(a.id)
        OR EXISTS (SELECT 1 FROM ai_value.metric_policy_rules r
                    WHERE r.metric_id OPERATOR(pg_catalog.=) a.id
                      AND r.policy OPERATOR(pg_catalog.=) ANY (ARRAY['allow', 'requires_exception']::ai_value.metric_policy[])
                      AND r.effective_at OPERATOR(pg_catalog.<=) pg_catalog.statement_timestamp()
                      AND NOT EXISTS (SELECT 1 FROM ai_value.metric_policy_rules r2
                                       WHERE r2.metric_id OPERATOR(pg_catalog.=) a.id
                                         AND r2.effective_at OPERATOR(pg_catalog.>) r.effective_at
                                         AND r2.effective_at OPERATOR(pg_catalog.<=) pg_catalog.statement_timestamp()));
    check_name := 'token_metrics_cost_only';
    ok := bad IS NULL;
    detail := COALESCE('activity or cost metrics usable as value metrics: ' OPERATOR(pg_catalog.||) bad,
                       'no activity or cost metric is approved, allowed or under an active exception');
    RETURN NEXT;

    -- 2. Prompt counts and usage rankings out of performance decisions.
    SELECT pg_catalog.string_agg(a.metric_key OPERATOR(pg_catalog.||) ' (' OPERATOR(pg_catalog.||) a.status::text OPERATOR(pg_catalog.||) ')', ', ' ORDER BY a.metric_key)
      INTO bad
      FROM ai_value._activity_metrics() a
     WHERE a.intended_uses OPERATOR(pg_catalog.&&) ARRAY['performance_review', 'ranking', 'compensation']::ai_value.metric_use[]
       AND a.status OPERATOR(pg_catalog.<>) 'blocked'::ai_value.metric_status;
    check_name := 'prompt_and_rank_excluded';
    ok := bad IS NULL;
    detail := COALESCE('activity metrics proposed for performance use but not blocked: ' OPERATOR(pg_catalog.||) bad,
                       'every activity metric proposed for performance review, ranking or compensation is blocked');
    RETURN NEXT;

    -- 3. Every approved value metric has a complete definition, a baseline and evidence.
    SELECT pg_catalog.string_agg(x.k, ', ' ORDER BY x.k) INTO bad FROM (
        SELECT m.metric_key OPERATOR(pg_catalog.||) ': ' OPERATOR(pg_catalog.||) pg_catalog.concat_ws('+',
                   CASE WHEN NOT m.baseline_required THEN 'baseline not required' END,
                   CASE WHEN COALESCE(m.formula, '') !~ '[[:alnum:]]' THEN 'formula' END,
                   CASE WHEN COALESCE(m.data_source, '') !~ '[[:alnum:]]' THEN 'data_source' END,
                   CASE WHEN COALESCE(m.quality_gate, '') !~ '[[:alnum:]]' THEN 'quality_gate' END,
                   CASE WHEN COALESCE(m.anti_gaming_check, '') !~ '[[:alnum:]]' THEN 'anti_gaming_check' END,
                   CASE WHEN EXISTS (SELECT 1 FROM ai_value.ai_workflow_outcomes o
                                      WHERE o.metric_id OPERATOR(pg_catalog.=) m.id AND o.baseline_value IS NULL)
                        THEN 'outcomes without baseline' END) AS k
          FROM ai_value.ai_value_metrics m
         WHERE m.status OPERATOR(pg_catalog.=) 'approved'::ai_value.metric_status) x
     WHERE x.k !~ ': $';
    check_name := 'value_metrics_have_baseline_and_evidence';
    ok := bad IS NULL;
    detail := COALESCE('incomplete approved metrics: ' OPERATOR(pg_catalog.||) bad,
                       'every approved metric requires a baseline, has formula, data source, quality gate and anti-gaming check, and its outcomes carry baselines and evidence');
    RETURN NEXT;

    -- 4. Gaming alerts connected to workflow outcomes: every id an alert cites exists.
    SELECT pg_catalog.count(*), pg_catalog.string_agg(DISTINCT g.id::text, ', ')
      INTO n, bad
      FROM ai_value.gaming_alerts g
     CROSS JOIN LATERAL pg_catalog.jsonb_path_query(g.evidence_json, 'strict $.**') AS v(j)
     WHERE pg_catalog.jsonb_typeof(v.j) OPERATOR(pg_catalog.=) 'string'
       AND (v.j #>> '{}') ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
       AND NOT EXISTS (SELECT 1 FROM ai_value.ai_workflow_outcomes o WHERE o.id OPERATOR(pg_catalog.=) (v.j #>> '{}')::uuid)
       AND NOT EXISTS (SELECT 1 FROM ai_value.token_cost_diagnostics d WHERE d.id OPERATOR(pg_catalog.=) (v.j #>> '{}')::uuid)
       AND NOT EXISTS (SELECT 1 FROM ai_value.ai_value_metrics m WHERE m.id OPERATOR(pg_catalog.=) (v.j #>> '{}')::uuid)
       AND NOT EXISTS (SELECT 1 FROM ai_value.ai_workflow_outcomes o WHERE o.workflow_id OPERATOR(pg_catalog.=) (v.j #>> '{}')::uuid)
       AND NOT EXISTS (SELECT 1 FROM ai_value.token_cost_diagnostics d WHERE d.workflow_id OPERATOR(pg_catalog.=) (v.j #>> '{}')::uuid);
    IF bad IS NULL THEN
        SELECT pg_catalog.string_agg(g.id::text, ', ') INTO bad
          FROM ai_value.gaming_alerts g
         WHERE g.workflow_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM ai_value.ai_workflow_outcomes o WHERE o.workflow_id OPERATOR(pg_catalog.=) g.workflow_id)
           AND NOT EXISTS (SELECT 1 FROM ai_value.token_cost_diagnostics d WHERE d.workflow_id OPERATOR(pg_catalog.=) g.workflow_id);
    END IF;
    check_name := 'alerts_connected_to_outcomes';
    ok := bad IS NULL;
    detail := COALESCE('alerts citing rows that do not exist: ' OPERATOR(pg_catalog.||) bad,
                       pg_catalog.format('all %s alerts cite existing outcome, diagnostics or metric rows', (SELECT pg_catalog.count(*) FROM ai_value.gaming_alerts)));
    RETURN NEXT;
END
$fn$;
COMMENT ON FUNCTION ai_value.health_check() IS 'The pack''s four must-check questions, answered from the data: check_name, ok, detail naming offending rows.';

CREATE FUNCTION ai_value.rollout_status()
    RETURNS TABLE (milestone text, done boolean, detail text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    n_terms bigint; n_value bigint; n_owned bigint; n_blocked bigint; n_wf bigint;
    n_trig bigint; n_exc bigint; n_exc_audited bigint; bi_roles text;
BEGIN
    SELECT pg_catalog.count(*) INTO n_terms FROM ai_value.activity_terms t
     WHERE t.category OPERATOR(pg_catalog.<>) 'value';
    SELECT pg_catalog.count(*), pg_catalog.count(m.owner_id) INTO n_value, n_owned FROM ai_value.ai_value_metrics m
     WHERE m.metric_type OPERATOR(pg_catalog.=) ANY (ARRAY['task_completion', 'time_saved', 'quality', 'customer_satisfaction']::ai_value.metric_type[])
       AND m.status OPERATOR(pg_catalog.<>) ALL (ARRAY['blocked', 'diagnostic_only', 'deprecated']::ai_value.metric_status[]);
    SELECT pg_catalog.count(*) INTO n_blocked FROM ai_value.ai_value_metrics m
     WHERE m.status OPERATOR(pg_catalog.=) ANY (ARRAY['blocked', 'diagnostic_only']::ai_value.metric_status[]);
    milestone := 'D1'; done := n_terms OPERATOR(pg_catalog.>) 0 AND n_value OPERATOR(pg_catalog.>) 0 AND n_owned OPERATOR(pg_catalog.=) n_value;
    detail := pg_catalog.format('forbidden vocabulary: %s terms; blocked/diagnostic metrics: %s; value metrics: %s, with owner: %s',
                                n_terms, n_blocked, n_value, n_owned);
    RETURN NEXT;

    SELECT pg_catalog.count(DISTINCT o.workflow_id) INTO n_wf
      FROM ai_value.ai_workflow_outcomes o
     WHERE o.baseline_value IS NOT NULL AND ai_value._in_scorecard(o.metric_id);
    milestone := 'D7'; done := n_wf OPERATOR(pg_catalog.>=) 3;
    detail := pg_catalog.format('%s workflows in the scorecard with baselines (need 3)', n_wf);
    RETURN NEXT;

    SELECT pg_catalog.count(*) INTO n_trig
      FROM pg_catalog.pg_trigger tg
     WHERE tg.tgrelid OPERATOR(pg_catalog.=) ANY (ARRAY['ai_value.token_cost_diagnostics'::pg_catalog.regclass, 'ai_value.ai_workflow_outcomes'::pg_catalog.regclass])
       AND tg.tgname OPERATOR(pg_catalog.~~) 'av\_80\_detect%'
       AND tg.tgenabled OPERATOR(pg_catalog.=) 'A';
    milestone := 'D14'; done := n_trig OPERATOR(pg_catalog.>=) 2;
    detail := pg_catalog.format('%s detection triggers enabled ALWAYS on diagnostics and outcomes (need 2); %s alerts raised',
                                n_trig, (SELECT pg_catalog.count(*) FROM ai_value.gaming_alerts));
    RETURN NEXT;

    SELECT pg_catalog.string_agg(r.rolname, ', ' ORDER BY r.rolname) INTO bi_roles
      FROM pg_catalog.pg_roles r
     WHERE r.rolcanlogin
       AND (pg_catalog.pg_has_role(r.oid, 'ai_value_performance_admin', 'USAGE')
            OR pg_catalog.pg_has_role(r.oid, 'ai_value_finance', 'USAGE'))
       AND NOT r.rolsuper;
    SELECT pg_catalog.count(*), pg_catalog.count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM ai_value.audit_log l
                WHERE l.table_name OPERATOR(pg_catalog.=) 'metric_exceptions'
                  AND l.row_id OPERATOR(pg_catalog.=) e.id::text))
      INTO n_exc, n_exc_audited FROM ai_value.metric_exceptions e;
    milestone := 'D30';
    done := bi_roles IS NOT NULL
        AND pg_catalog.has_table_privilege('ai_value_performance_admin', 'ai_value.scorecard', 'SELECT')
        AND n_exc_audited OPERATOR(pg_catalog.=) n_exc;
    detail := pg_catalog.format('BI login roles reading the scorecard: %s; exceptions: %s, all with expiry, %s with audit trail',
                                COALESCE(bi_roles, 'none'), n_exc, n_exc_audited);
    RETURN NEXT;
END
$fn$;
COMMENT ON FUNCTION ai_value.rollout_status() IS 'D1/D7/D14/D30 rollout milestones computed from the data: milestone, done, detail.';

GRANT EXECUTE ON FUNCTION ai_value.health_check(), ai_value.rollout_status() TO ai_value_governance;
