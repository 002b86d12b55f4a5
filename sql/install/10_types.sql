-- Piece 10: the enumerated types of SPEC §2.
CREATE TYPE ai_value.metric_type AS ENUM
    ('task_completion', 'time_saved', 'quality', 'customer_satisfaction', 'cost_diagnostic', 'blocked_activity');
CREATE TYPE ai_value.metric_status AS ENUM
    ('proposed', 'approved', 'blocked', 'diagnostic_only', 'deprecated');
CREATE TYPE ai_value.metric_policy AS ENUM
    ('allow', 'block', 'diagnostic_only', 'requires_exception');
CREATE TYPE ai_value.metric_use AS ENUM
    ('performance_review', 'ranking', 'compensation', 'budget', 'cost_diagnostic', 'team_improvement');
CREATE TYPE ai_value.evidence_kind AS ENUM
    ('system_log', 'sampled_review', 'customer_feedback', 'self_report');
CREATE TYPE ai_value.gaming_alert_type AS ENUM
    ('token_spike_no_outcome', 'prompt_spike_no_quality', 'usage_rank_chasing', 'quality_drop', 'self_report_mismatch');
CREATE TYPE ai_value.alert_severity AS ENUM ('low', 'medium', 'high');
CREATE TYPE ai_value.exception_status AS ENUM ('pending', 'approved', 'rejected', 'expired');

COMMENT ON TYPE ai_value.metric_type IS 'What a metric measures; blocked_activity marks consumption/usage (Tokenmaxxing) metrics.';
COMMENT ON TYPE ai_value.metric_status IS 'Lifecycle of a metric; only approved metrics (or active exceptions) reach the scorecard.';
COMMENT ON TYPE ai_value.metric_policy IS 'Policy in force for a metric, from its latest effective rule.';
COMMENT ON TYPE ai_value.metric_use IS 'Decisions a metric is proposed for; performance_review, ranking and compensation are performance uses.';
COMMENT ON TYPE ai_value.evidence_kind IS 'Where an outcome figure comes from; self_report is never verified evidence.';
COMMENT ON TYPE ai_value.gaming_alert_type IS 'Gaming patterns detected from outcomes, diagnostics and proposals.';
COMMENT ON TYPE ai_value.alert_severity IS 'Severity of a gaming alert.';
COMMENT ON TYPE ai_value.exception_status IS 'Lifecycle of a metric exception; active means approved and not yet expired.';
