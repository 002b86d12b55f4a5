-- Piece 90: privileges of the core tables (SPEC §9). Views and functions are
-- granted in the piece that defines them. Nothing is granted to PUBLIC.

GRANT USAGE ON SCHEMA ai_value TO ai_value_team_owner, ai_value_governance,
    ai_value_finance, ai_value_performance_admin, ai_value_writer;

-- Metrics: team owners propose (never choosing status); governance decides.
GRANT SELECT ON ai_value.ai_value_metrics TO ai_value_team_owner, ai_value_governance;
GRANT INSERT (id, metric_key, metric_name, metric_type, formula, data_source, owner_id,
              baseline_required, quality_gate, anti_gaming_check, intended_uses)
    ON ai_value.ai_value_metrics TO ai_value_team_owner;
GRANT INSERT ON ai_value.ai_value_metrics TO ai_value_governance;
GRANT UPDATE (status, metric_name, formula, data_source, baseline_required, quality_gate,
              anti_gaming_check, intended_uses, updated_at)
    ON ai_value.ai_value_metrics TO ai_value_governance;

GRANT SELECT, INSERT ON ai_value.metric_policy_rules TO ai_value_governance;

-- Outcomes: team owners and writers record; governance reads.
GRANT SELECT ON ai_value.ai_workflow_outcomes TO ai_value_team_owner, ai_value_writer, ai_value_governance;
GRANT INSERT (id, workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind)
    ON ai_value.ai_workflow_outcomes TO ai_value_team_owner, ai_value_writer;

-- Token diagnostics: finance and writers record; finance and governance read.
GRANT SELECT ON ai_value.token_cost_diagnostics TO ai_value_finance, ai_value_governance;
GRANT INSERT (id, workflow_id, token_count, model, cost, period_start, period_end, diagnostic_note, prompt_count)
    ON ai_value.token_cost_diagnostics TO ai_value_finance, ai_value_writer;

GRANT SELECT ON ai_value.gaming_alerts TO ai_value_team_owner, ai_value_governance;

-- Exceptions: team owners request (status is forced to pending); governance decides.
GRANT SELECT ON ai_value.metric_exceptions TO ai_value_team_owner, ai_value_governance;
GRANT INSERT (id, metric_id, requested_by, reason, expires_at)
    ON ai_value.metric_exceptions TO ai_value_team_owner;
GRANT UPDATE (status, approved_by, decided_at, decision_note)
    ON ai_value.metric_exceptions TO ai_value_governance;

GRANT SELECT ON ai_value.principals TO ai_value_governance;
GRANT SELECT ON ai_value.settings TO ai_value_governance, ai_value_team_owner;
GRANT UPDATE (value) ON ai_value.settings TO ai_value_governance;
GRANT SELECT, INSERT, UPDATE, DELETE ON ai_value.activity_terms TO ai_value_governance;
GRANT SELECT ON ai_value.audit_log TO ai_value_governance;

-- Called from the plpgsql seed-row trigger as the invoking role.
GRANT EXECUTE ON FUNCTION ai_value._restoring() TO ai_value_team_owner, ai_value_governance,
    ai_value_finance, ai_value_performance_admin, ai_value_writer;
