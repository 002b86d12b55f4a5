-- Piece 60: gaming detectors on outcomes and diagnostics, detect_gaming()
-- for late data, and NOTIFY ai_value_events (SPEC §7). usage_rank_chasing is
-- raised by the gate (piece 40). Thresholds live in ai_value.settings
-- (UPDATE(value) granted to governance in piece 90, audited in piece 30).

CREATE FUNCTION ai_value.detect_trigger() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'av_detect_trigger';
COMMENT ON FUNCTION ai_value.detect_trigger() IS 'Statement-level AFTER INSERT on token_cost_diagnostics (token_spike_no_outcome, prompt_spike_no_quality) and ai_workflow_outcomes (quality_drop, self_report_mismatch): one set-based pass over the inserted rows, deduplicated alerts.';

CREATE TRIGGER av_80_detect AFTER INSERT ON ai_value.token_cost_diagnostics
    REFERENCING NEW TABLE AS av_new FOR EACH STATEMENT
    EXECUTE FUNCTION ai_value.detect_trigger();
CREATE TRIGGER av_80_detect AFTER INSERT ON ai_value.ai_workflow_outcomes
    REFERENCING NEW TABLE AS av_new FOR EACH STATEMENT
    EXECUTE FUNCTION ai_value.detect_trigger();

CREATE FUNCTION ai_value.detect_gaming(since timestamptz) RETURNS integer
    LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'av_detect_gaming';
COMMENT ON FUNCTION ai_value.detect_gaming(timestamptz) IS 'Governance: re-evaluates every detector over diagnostics whose period ends after since and outcomes measured at or after since (late data, rows restored or loaded while detection stood aside). Idempotent; returns the number of new alerts.';
GRANT EXECUTE ON FUNCTION ai_value.detect_gaming(timestamptz) TO ai_value_governance;

CREATE FUNCTION ai_value.notify_trigger() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'av_notify_trigger';
COMMENT ON FUNCTION ai_value.notify_trigger() IS 'Sends NOTIFY ai_value_events (delivered at commit) with a JSON payload per new alert, policy rule or exception decision; arg: gaming_alert, policy_rule or exception_decision.';

CREATE TRIGGER av_80_notify AFTER INSERT ON ai_value.gaming_alerts
    REFERENCING NEW TABLE AS av_new FOR EACH STATEMENT
    EXECUTE FUNCTION ai_value.notify_trigger('gaming_alert');
CREATE TRIGGER av_80_notify AFTER INSERT ON ai_value.metric_policy_rules
    REFERENCING NEW TABLE AS av_new FOR EACH STATEMENT
    EXECUTE FUNCTION ai_value.notify_trigger('policy_rule');
CREATE TRIGGER av_80_notify AFTER UPDATE ON ai_value.metric_exceptions
    REFERENCING OLD TABLE AS av_old NEW TABLE AS av_new FOR EACH STATEMENT
    EXECUTE FUNCTION ai_value.notify_trigger('exception_decision');
