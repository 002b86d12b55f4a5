-- Piece 20: the six tables of the pack (SPEC §3) and the extension's own tables.
-- "Non-blank" below means: contains a character that is neither whitespace nor
-- an invisible format character (NBSP, zero-width space/joiners, BOM, ...).

CREATE TABLE ai_value.principals (
    role_name    name PRIMARY KEY,
    person_id    uuid NOT NULL UNIQUE,
    display_name text
);
COMMENT ON TABLE ai_value.principals IS 'Maps a database role (current_user) to the person uuid stored in owner_id, approved_by and requested_by. Maintained by the DBA.';
COMMENT ON COLUMN ai_value.principals.role_name IS 'Database role name as returned by current_user.';
COMMENT ON COLUMN ai_value.principals.person_id IS 'Person uuid written into owner_id / approved_by / requested_by for writes by this role.';
COMMENT ON COLUMN ai_value.principals.display_name IS 'Human-readable name of the person.';

CREATE TABLE ai_value.ai_value_metrics (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    metric_key        text NOT NULL UNIQUE
                      CONSTRAINT metric_key_format CHECK (metric_key ~ '^[a-z][a-z0-9_]{2,62}$'),
    metric_name       text NOT NULL
                      CONSTRAINT metric_name_not_blank CHECK (metric_name ~ '[^\s\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]'),
    metric_type       ai_value.metric_type NOT NULL,
    status            ai_value.metric_status NOT NULL DEFAULT 'proposed',
    formula           text,
    data_source       text,
    owner_id          uuid,
    baseline_required boolean NOT NULL DEFAULT true,
    quality_gate      text,
    anti_gaming_check text,
    intended_uses     ai_value.metric_use[] NOT NULL DEFAULT '{}'
                      -- one dimension first: array_position refuses a 2-D array with 0A000
                      CONSTRAINT intended_uses_no_nulls CHECK (CASE WHEN pg_catalog.array_ndims(intended_uses) > 1 THEN false
                                                                    ELSE pg_catalog.array_position(intended_uses, NULL) IS NULL END),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT metric_text_size CHECK (pg_catalog.octet_length(metric_name) <= 200
        AND pg_catalog.octet_length(COALESCE(formula, '')) <= 8192
        AND pg_catalog.octet_length(COALESCE(data_source, '')) <= 2048
        AND pg_catalog.octet_length(COALESCE(quality_gate, '')) <= 8192
        AND pg_catalog.octet_length(COALESCE(anti_gaming_check, '')) <= 8192)
);
COMMENT ON TABLE ai_value.ai_value_metrics IS 'Registry of proposed and governed AI value metrics. Every proposal passes the governance gate (BEFORE INSERT, in C).';
COMMENT ON COLUMN ai_value.ai_value_metrics.id IS 'Metric id.';
COMMENT ON COLUMN ai_value.ai_value_metrics.metric_key IS 'Stable lower-case key, ^[a-z][a-z0-9_]{2,62}$.';
COMMENT ON COLUMN ai_value.ai_value_metrics.metric_name IS 'Human-readable name.';
COMMENT ON COLUMN ai_value.ai_value_metrics.metric_type IS 'What the metric measures.';
COMMENT ON COLUMN ai_value.ai_value_metrics.status IS 'proposed, approved, blocked, diagnostic_only or deprecated; set by the gate and by governance only.';
COMMENT ON COLUMN ai_value.ai_value_metrics.formula IS 'How the value is computed; required for approval.';
COMMENT ON COLUMN ai_value.ai_value_metrics.data_source IS 'Where the data comes from; required for approval.';
COMMENT ON COLUMN ai_value.ai_value_metrics.owner_id IS 'Person owning the metric; filled from principals for the proposing role.';
COMMENT ON COLUMN ai_value.ai_value_metrics.baseline_required IS 'Outcomes must carry a baseline_value; must be true for approval.';
COMMENT ON COLUMN ai_value.ai_value_metrics.quality_gate IS 'Quality condition an outcome must meet; required for approval.';
COMMENT ON COLUMN ai_value.ai_value_metrics.anti_gaming_check IS 'How gaming of this metric is detected; required for approval.';
COMMENT ON COLUMN ai_value.ai_value_metrics.intended_uses IS 'Decisions the metric is proposed for; decides blocked vs diagnostic_only for activity metrics.';
COMMENT ON COLUMN ai_value.ai_value_metrics.created_at IS 'When the metric was proposed.';
COMMENT ON COLUMN ai_value.ai_value_metrics.updated_at IS 'When the metric row last changed.';

CREATE TABLE ai_value.metric_policy_rules (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    metric_id    uuid NOT NULL REFERENCES ai_value.ai_value_metrics (id),
    policy       ai_value.metric_policy NOT NULL,
    rationale    text NOT NULL
                 CONSTRAINT rationale_not_blank CHECK (rationale ~ '[^\s\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]'),
    approved_by  uuid,
    effective_at timestamptz NOT NULL DEFAULT now()
                 CONSTRAINT effective_at_finite CHECK (pg_catalog.isfinite(effective_at)),
    alternatives text[] NOT NULL DEFAULT '{}'
                 CONSTRAINT alternatives_no_nulls CHECK (CASE WHEN pg_catalog.array_ndims(alternatives) > 1 THEN false
                                                              ELSE pg_catalog.array_position(alternatives, NULL) IS NULL END)
);
CREATE INDEX metric_policy_rules_metric_idx ON ai_value.metric_policy_rules (metric_id, effective_at DESC);
COMMENT ON TABLE ai_value.metric_policy_rules IS 'Policy decisions per metric; the rule in force is the one with the latest effective_at <= now().';
COMMENT ON COLUMN ai_value.metric_policy_rules.id IS 'Rule id.';
COMMENT ON COLUMN ai_value.metric_policy_rules.metric_id IS 'Metric the rule governs.';
COMMENT ON COLUMN ai_value.metric_policy_rules.policy IS 'allow, block, diagnostic_only or requires_exception.';
COMMENT ON COLUMN ai_value.metric_policy_rules.rationale IS 'Why; for blocks it names the Tokenmaxxing risk and what matched.';
COMMENT ON COLUMN ai_value.metric_policy_rules.approved_by IS 'Person who decided (from principals); NULL for rules written by the gate.';
COMMENT ON COLUMN ai_value.metric_policy_rules.effective_at IS 'When the rule takes effect.';
COMMENT ON COLUMN ai_value.metric_policy_rules.alternatives IS 'Recommended value metric keys to use instead.';

CREATE TABLE ai_value.ai_workflow_outcomes (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id    uuid NOT NULL,
    metric_id      uuid NOT NULL REFERENCES ai_value.ai_value_metrics (id),
    baseline_value numeric
                   CONSTRAINT baseline_value_finite CHECK (baseline_value IS NULL OR baseline_value NOT IN ('NaN', 'Infinity', '-Infinity')),
    observed_value numeric NOT NULL
                   CONSTRAINT observed_value_finite CHECK (observed_value NOT IN ('NaN', 'Infinity', '-Infinity')),
    evidence_ref   text NOT NULL
                   CONSTRAINT evidence_ref_not_blank CHECK (evidence_ref ~ '[^\s\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]'),
    measured_at    timestamptz NOT NULL DEFAULT now()
                   CONSTRAINT measured_at_finite CHECK (pg_catalog.isfinite(measured_at)),
    evidence_kind  ai_value.evidence_kind NOT NULL DEFAULT 'system_log'
);
CREATE INDEX ai_workflow_outcomes_metric_idx ON ai_value.ai_workflow_outcomes (metric_id, workflow_id, measured_at);
CREATE INDEX ai_workflow_outcomes_workflow_idx ON ai_value.ai_workflow_outcomes (workflow_id, measured_at);
COMMENT ON TABLE ai_value.ai_workflow_outcomes IS 'Measured value outcomes per workflow and metric. Writes are accepted only for approved metrics or active exceptions (SPEC §5).';
COMMENT ON COLUMN ai_value.ai_workflow_outcomes.id IS 'Outcome id.';
COMMENT ON COLUMN ai_value.ai_workflow_outcomes.workflow_id IS 'AI workflow the outcome belongs to.';
COMMENT ON COLUMN ai_value.ai_workflow_outcomes.metric_id IS 'Value metric measured.';
COMMENT ON COLUMN ai_value.ai_workflow_outcomes.baseline_value IS 'Value before AI; required when the metric has baseline_required.';
COMMENT ON COLUMN ai_value.ai_workflow_outcomes.observed_value IS 'Observed value.';
COMMENT ON COLUMN ai_value.ai_workflow_outcomes.evidence_ref IS 'Reference to the evidence (log id, review id, survey id).';
COMMENT ON COLUMN ai_value.ai_workflow_outcomes.measured_at IS 'When the value was measured.';
COMMENT ON COLUMN ai_value.ai_workflow_outcomes.evidence_kind IS 'system_log, sampled_review, customer_feedback or self_report.';

CREATE TABLE ai_value.token_cost_diagnostics (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id     uuid NOT NULL,
    token_count     numeric NOT NULL
                    CONSTRAINT token_count_valid CHECK (token_count >= 0 AND token_count < 'Infinity'),
    model           text NOT NULL
                    CONSTRAINT model_not_blank CHECK (model ~ '[^\s\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]' AND pg_catalog.octet_length(model) <= 200),
    cost            numeric NOT NULL
                    CONSTRAINT cost_valid CHECK (cost >= 0 AND cost < 'Infinity'),
    period_start    timestamptz NOT NULL
                    CONSTRAINT period_start_finite CHECK (pg_catalog.isfinite(period_start)),
    period_end      timestamptz NOT NULL
                    CONSTRAINT period_end_finite CHECK (pg_catalog.isfinite(period_end)),
    diagnostic_note text,
    prompt_count    numeric
                    CONSTRAINT prompt_count_valid CHECK (prompt_count IS NULL OR (prompt_count >= 0 AND prompt_count < 'Infinity')),
    CONSTRAINT period_order CHECK (period_end > period_start)
);
CREATE INDEX token_cost_diagnostics_workflow_idx ON ai_value.token_cost_diagnostics (workflow_id, period_start);
COMMENT ON TABLE ai_value.token_cost_diagnostics IS 'Token and prompt consumption with its cost: a finance diagnostic only, never a value metric.';
COMMENT ON COLUMN ai_value.token_cost_diagnostics.id IS 'Diagnostics row id.';
COMMENT ON COLUMN ai_value.token_cost_diagnostics.workflow_id IS 'AI workflow that consumed the tokens.';
COMMENT ON COLUMN ai_value.token_cost_diagnostics.token_count IS 'Tokens consumed in the period (>= 0).';
COMMENT ON COLUMN ai_value.token_cost_diagnostics.model IS 'Model used.';
COMMENT ON COLUMN ai_value.token_cost_diagnostics.cost IS 'Cost of the period (>= 0), in the reporting currency.';
COMMENT ON COLUMN ai_value.token_cost_diagnostics.period_start IS 'Start of the period (inclusive).';
COMMENT ON COLUMN ai_value.token_cost_diagnostics.period_end IS 'End of the period (exclusive, > period_start).';
COMMENT ON COLUMN ai_value.token_cost_diagnostics.diagnostic_note IS 'Free-text note.';
COMMENT ON COLUMN ai_value.token_cost_diagnostics.prompt_count IS 'Prompts sent in the period (>= 0), if known.';

CREATE TABLE ai_value.gaming_alerts (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id   uuid,
    alert_type    ai_value.gaming_alert_type NOT NULL,
    severity      ai_value.alert_severity NOT NULL,
    evidence_json jsonb NOT NULL DEFAULT '{}'
                  CONSTRAINT evidence_is_object CHECK (pg_catalog.jsonb_typeof(evidence_json) = 'object'),
    created_at    timestamptz NOT NULL DEFAULT now(),
    metric_id     uuid REFERENCES ai_value.ai_value_metrics (id),
    CONSTRAINT workflow_required CHECK (workflow_id IS NOT NULL OR alert_type = 'usage_rank_chasing')
);
-- One alert per (alert_type, workflow, metric, detection window); the window
-- lives in evidence_json->>'window' so the table keeps the pack's columns.
CREATE UNIQUE INDEX gaming_alerts_dedup_idx ON ai_value.gaming_alerts
    (alert_type,
     COALESCE(workflow_id, '00000000-0000-0000-0000-000000000000'::uuid),
     COALESCE(metric_id, '00000000-0000-0000-0000-000000000000'::uuid),
     COALESCE(evidence_json ->> 'window', ''));
CREATE INDEX gaming_alerts_workflow_idx ON ai_value.gaming_alerts (workflow_id, metric_id, created_at);
CREATE INDEX gaming_alerts_metric_idx ON ai_value.gaming_alerts (metric_id);
COMMENT ON TABLE ai_value.gaming_alerts IS 'Gaming patterns raised by the triggers, by detect_gaming() and by the gate (usage_rank_chasing).';
COMMENT ON COLUMN ai_value.gaming_alerts.id IS 'Alert id.';
COMMENT ON COLUMN ai_value.gaming_alerts.workflow_id IS 'Workflow concerned; NULL only for usage_rank_chasing raised by a proposal.';
COMMENT ON COLUMN ai_value.gaming_alerts.alert_type IS 'Which gaming pattern.';
COMMENT ON COLUMN ai_value.gaming_alerts.severity IS 'low, medium or high.';
COMMENT ON COLUMN ai_value.gaming_alerts.evidence_json IS 'Rule, threshold, observed figures, detection window and the ids of the rows that triggered it.';
COMMENT ON COLUMN ai_value.gaming_alerts.created_at IS 'When the alert was raised.';
COMMENT ON COLUMN ai_value.gaming_alerts.metric_id IS 'Metric concerned, if any.';

CREATE TABLE ai_value.metric_exceptions (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    metric_id     uuid NOT NULL REFERENCES ai_value.ai_value_metrics (id),
    requested_by  uuid NOT NULL,
    reason        text NOT NULL
                  CONSTRAINT reason_not_blank CHECK (reason ~ '[^\s\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]' AND pg_catalog.octet_length(reason) <= 8192),
    expires_at    timestamptz NOT NULL
                  CONSTRAINT expires_at_finite CHECK (pg_catalog.isfinite(expires_at)),
    approved_by   uuid,
    status        ai_value.exception_status NOT NULL DEFAULT 'pending',
    created_at    timestamptz NOT NULL DEFAULT now(),
    decided_at    timestamptz,
    decision_note text,
    CONSTRAINT not_self_approved CHECK (approved_by IS DISTINCT FROM requested_by),
    CONSTRAINT approval_recorded CHECK (status <> 'approved' OR (approved_by IS NOT NULL AND decided_at IS NOT NULL))
);
CREATE INDEX metric_exceptions_metric_idx ON ai_value.metric_exceptions (metric_id, expires_at);
CREATE INDEX metric_exceptions_open_idx ON ai_value.metric_exceptions (expires_at)
    WHERE status IN ('pending', 'approved');
COMMENT ON TABLE ai_value.metric_exceptions IS 'Time-boxed exceptions; active means status = approved AND expires_at > now(), checked on every path.';
COMMENT ON COLUMN ai_value.metric_exceptions.id IS 'Exception id.';
COMMENT ON COLUMN ai_value.metric_exceptions.metric_id IS 'Metric the exception is for.';
COMMENT ON COLUMN ai_value.metric_exceptions.requested_by IS 'Requesting person (from principals).';
COMMENT ON COLUMN ai_value.metric_exceptions.reason IS 'Why the exception is needed (non-blank).';
COMMENT ON COLUMN ai_value.metric_exceptions.expires_at IS 'When the exception stops applying; at most settings.max_exception_days ahead.';
COMMENT ON COLUMN ai_value.metric_exceptions.approved_by IS 'Deciding person (from principals); never the requester.';
COMMENT ON COLUMN ai_value.metric_exceptions.status IS 'pending, approved, rejected or expired.';
COMMENT ON COLUMN ai_value.metric_exceptions.created_at IS 'When the exception was requested.';
COMMENT ON COLUMN ai_value.metric_exceptions.decided_at IS 'When governance decided.';
COMMENT ON COLUMN ai_value.metric_exceptions.decision_note IS 'Governance note on the decision.';

CREATE TABLE ai_value.settings (
    key           text PRIMARY KEY CONSTRAINT settings_key_format CHECK (key ~ '^[a-z][a-z0-9_]{2,62}$'),
    value         numeric NOT NULL
                  CONSTRAINT settings_value_finite CHECK (value NOT IN ('NaN', 'Infinity', '-Infinity') AND value >= 0),
    default_value numeric NOT NULL,
    description   text NOT NULL
);
COMMENT ON TABLE ai_value.settings IS 'Detection thresholds and limits, editable by governance (value only), audited.';
COMMENT ON COLUMN ai_value.settings.key IS 'Setting name.';
COMMENT ON COLUMN ai_value.settings.value IS 'Value in force.';
COMMENT ON COLUMN ai_value.settings.default_value IS 'Value shipped with the extension; rows whose value differs are dumped by pg_dump.';
COMMENT ON COLUMN ai_value.settings.description IS 'What the setting controls.';
INSERT INTO ai_value.settings (key, value, default_value, description) VALUES
    ('token_spike_ratio',          2.0, 2.0, 'token_spike_no_outcome: tokens/day at least this multiple of the workflow average over its previous periods'),
    ('token_spike_high_ratio',     4.0, 4.0, 'token_spike_no_outcome: severity high at or above this multiple'),
    ('prompt_spike_ratio',         2.0, 2.0, 'prompt_spike_no_quality: prompts/day at least this multiple of the previous periods'),
    ('prompt_spike_high_ratio',    4.0, 4.0, 'prompt_spike_no_quality: severity high at or above this multiple'),
    ('spike_lookback_periods',     4,   4,   'number of previous diagnostics periods averaged as the spike baseline'),
    ('min_improvement_pct',        10,  10,  'a spike is excused when value metrics in the period improved by at least this percentage over baseline'),
    ('quality_drop_pct',           10,  10,  'quality_drop: quality outcome at least this percentage below its baseline'),
    ('quality_drop_high_rise_pct', 10,  10,  'quality_drop: high when task_completion/time_saved rose at least this percentage'),
    ('quality_drop_trailing_days', 7,   7,   'quality_drop: trailing window for the rise of task_completion/time_saved'),
    ('self_report_ratio',          1.5, 1.5, 'self_report_mismatch: self-report average at least this multiple of the verified average'),
    ('self_report_min_rows',       3,   3,   'self_report_mismatch: minimum rows of each kind'),
    ('self_report_trailing_days',  30,  30,  'self_report_mismatch: trailing window in days'),
    ('max_exception_days',         90,  90,  'longest exception expiry allowed, in days'),
    ('alert_open_days',            30,  30,  'an alert counts as open in the scorecard for this many days after it was raised');

CREATE TABLE ai_value.activity_terms (
    term        text PRIMARY KEY
                CONSTRAINT activity_term_format CHECK (term ~ '^[a-z][a-z0-9]*( [a-z][a-z0-9]*)?$'),
    category    text NOT NULL DEFAULT 'activity'
                CONSTRAINT activity_term_category CHECK (category IN ('activity', 'cost', 'rank', 'value')),
    seeded      boolean NOT NULL DEFAULT false,
    note        text
);
COMMENT ON TABLE ai_value.activity_terms IS 'The gate''s vocabulary: a normalised word or word pair and what it signals (activity, cost, rank, or value words that must not be mistaken for activity). Editable by governance, audited.';
COMMENT ON COLUMN ai_value.activity_terms.term IS 'Normalised word or two-word phrase (lower-case Latin letters and digits).';
COMMENT ON COLUMN ai_value.activity_terms.category IS 'activity (consumption/usage), cost (spend), rank (leaderboards), value (a value phrase that overrides activity words).';
COMMENT ON COLUMN ai_value.activity_terms.seeded IS 'Shipped with the extension; seeded rows are not dumped unless edited.';
COMMENT ON COLUMN ai_value.activity_terms.note IS 'Why the term is listed.';

-- Seeded terms come from CREATE EXTENSION, which runs before pg_restore loads
-- the data, so a term governance removed would come back with a restore
-- unless the removal itself is data: one row per removed term, dumped, and
-- replayed on restore (30_core.sql).
CREATE TABLE ai_value.activity_terms_removed (
    term       text PRIMARY KEY,
    removed_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE ai_value.activity_terms_removed IS 'Terms removed from activity_terms (seeded or not), so that a dump/restore does not bring a removed seeded term back. Maintained by triggers; a term added again leaves this table.';
COMMENT ON COLUMN ai_value.activity_terms_removed.term IS 'The removed term.';
COMMENT ON COLUMN ai_value.activity_terms_removed.removed_at IS 'When it was removed.';

CREATE TABLE ai_value.audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_role   name NOT NULL,
    session_role name NOT NULL,
    actor_id     uuid,
    -- action and the rest are written only by audit.c (the append-only guard
    -- refuses any other writer), so no CHECK re-parsed on every audit insert.
    action       text NOT NULL,
    table_name   name NOT NULL,
    row_id       text,
    old_row      jsonb,
    new_row      jsonb,
    row_count    bigint NOT NULL DEFAULT 1
);
-- Per-row entries are looked up by row; statement summaries (row_id NULL) are not indexed.
CREATE INDEX audit_log_row_idx ON ai_value.audit_log (table_name, row_id) WHERE row_id IS NOT NULL;
COMMENT ON TABLE ai_value.audit_log IS 'Append-only record of every change to the governance tables, every UPDATE/DELETE on outcomes, diagnostics and alerts, and one row per INSERT statement on outcomes and diagnostics.';
COMMENT ON COLUMN ai_value.audit_log.id IS 'Sequence number.';
COMMENT ON COLUMN ai_value.audit_log.at IS 'Clock time of the change.';
COMMENT ON COLUMN ai_value.audit_log.actor_role IS 'Effective role (current_user) that made the change.';
COMMENT ON COLUMN ai_value.audit_log.session_role IS 'Session role (session_user): who logged in, even through SET ROLE or SECURITY DEFINER.';
COMMENT ON COLUMN ai_value.audit_log.actor_id IS 'Person uuid of actor_role from principals, if mapped.';
COMMENT ON COLUMN ai_value.audit_log.action IS 'INSERT, UPDATE, DELETE.';
COMMENT ON COLUMN ai_value.audit_log.table_name IS 'Table changed.';
COMMENT ON COLUMN ai_value.audit_log.row_id IS 'Primary key of the row changed, as text; NULL for a statement-level INSERT summary.';
COMMENT ON COLUMN ai_value.audit_log.old_row IS 'to_jsonb of the row before the change.';
COMMENT ON COLUMN ai_value.audit_log.new_row IS 'to_jsonb of the row after the change.';
COMMENT ON COLUMN ai_value.audit_log.row_count IS 'Rows covered: 1 per row entry, the statement''s row count for INSERT summaries on outcomes and diagnostics.';
