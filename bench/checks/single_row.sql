\set ON_ERROR_STOP on
\ir setup.sql
\! flock -u 9 2>/dev/null || true
CREATE FUNCTION pg_temp.loop(target text, n int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..n LOOP
    EXECUTE format('INSERT INTO %s (workflow_id, metric_id, baseline_value, observed_value, evidence_ref) VALUES ($1, $2, 1, 2, ''log'')', target)
      USING ('f0000000-0000-0000-0000-' || lpad((i % 1000)::text, 12, '0'))::uuid, ('a0000000-0000-0000-0000-00000000000' || (i % 4 + 1))::uuid;
  END LOOP;
END $$;
SELECT pg_temp.loop('public.twin', 2000), pg_temp.loop('ai_value.ai_workflow_outcomes', 2000);
\timing on
\echo twin / all / no_audit / guard_only, twice
SELECT pg_temp.loop('public.twin', 20000);
SELECT pg_temp.loop('ai_value.ai_workflow_outcomes', 20000);
ALTER TABLE ai_value.ai_workflow_outcomes DISABLE TRIGGER av_90_audit_ins;
SELECT pg_temp.loop('ai_value.ai_workflow_outcomes', 20000);
ALTER TABLE ai_value.ai_workflow_outcomes DISABLE TRIGGER av_80_rollup_ins;
SELECT pg_temp.loop('ai_value.ai_workflow_outcomes', 20000);
ALTER TABLE ai_value.ai_workflow_outcomes ENABLE ALWAYS TRIGGER av_80_rollup_ins, ENABLE ALWAYS TRIGGER av_90_audit_ins;
SELECT pg_temp.loop('public.twin', 20000);
SELECT pg_temp.loop('ai_value.ai_workflow_outcomes', 20000);
ALTER TABLE ai_value.ai_workflow_outcomes DISABLE TRIGGER av_90_audit_ins;
SELECT pg_temp.loop('ai_value.ai_workflow_outcomes', 20000);
ALTER TABLE ai_value.ai_workflow_outcomes DISABLE TRIGGER av_80_rollup_ins;
SELECT pg_temp.loop('ai_value.ai_workflow_outcomes', 20000);
