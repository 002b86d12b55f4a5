-- alerts_outcomes: quality_drop and self_report_mismatch (SPEC §7).
\set VERBOSITY terse
\i test/fixtures/setup.sql
\i test/fixtures/alerts_data.sql
\set d '''2026-03-02 10:00:00+00'''

-- quality_drop --------------------------------------------------------------
-- wf 41: exactly 10 % below baseline -> medium
SELECT t_out(4101, 41, 'quality', 80, 72, :d);
-- wf 42: just under 10 % (9.9875 %) -> nothing
SELECT t_out(4201, 42, 'quality', 80, 72.01, :d);
-- wf 43: 25 % drop while task completion rose 10 % three days before -> high
SELECT t_out(4301, 43, 'task', 0.5, 0.55, :d::timestamptz - interval '72 hours');
SELECT t_out(4302, 43, 'quality', 80, 60, :d);
-- wf 44: 20 % drop, task completion rose only 9.99 % -> medium
SELECT t_out(4401, 44, 'task', 100, 109.99, :d::timestamptz - interval '24 hours');
SELECT t_out(4402, 44, 'quality', 80, 64, :d);
-- wf 45: 20 % drop; the 50 % task rise is 7 days old (outside the trailing window),
-- and time saved rose only by self-report -> medium
SELECT t_out(4501, 45, 'task', 0.4, 0.6, :d::timestamptz - interval '168 hours');
SELECT t_out(4502, 45, 'time', 10, 20, :d::timestamptz - interval '24 hours', 'self_report');
SELECT t_out(4503, 45, 'quality', 80, 64, :d);
-- wf 46: steady quality, then improving quality -> nothing
SELECT t_out(4601, 46, 'quality', 80, 80, :d);
SELECT t_out(4602, 46, 'quality', 80, 90, :d::timestamptz + interval '24 hours');
-- wf 47: zero baseline gives no percentage -> nothing; a drop of another metric type -> nothing
SELECT t_out(4701, 47, 'quality', 0, -5, :d);
SELECT t_out(4702, 47, 'csat', 80, 40, :d);
-- wf 48: two drops on one day in one statement -> one alert (worst drop, both rows);
-- the same day again -> nothing new; the next day -> a second alert
INSERT INTO ai_value.ai_workflow_outcomes (id, workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at)
VALUES (t_oid(4801), t_wf(48), t_metric('quality'), 80, 70, 'r', :d),
       (t_oid(4802), t_wf(48), t_metric('quality'), 80, 50, 'r', :d::timestamptz + interval '2 hours');
SELECT t_out(4803, 48, 'quality', 80, 40, :d::timestamptz + interval '5 hours');
SELECT t_out(4804, 48, 'quality', 80, 40, :d::timestamptz + interval '24 hours');
-- wf 49: verified time saved rose 30 % the same day -> high
SELECT t_out(4901, 49, 'time', 10, 13, :d::timestamptz - interval '2 hours', 'sampled_review');
SELECT t_out(4902, 49, 'quality', 50, 40, :d);
-- the same drop reported twice -> still one alert for wf 41
SELECT t_out(4103, 41, 'quality', 80, 72, :d);

SELECT * FROM t_alerts WHERE alert_type = 'quality_drop' ORDER BY wf, "window";
SELECT jsonb_pretty(evidence_json) FROM ai_value.gaming_alerts WHERE workflow_id = t_wf(43);
SELECT "window", evidence_json -> 'row_ids' AS row_ids, evidence_json ->> 'drop_pct' AS drop_pct
  FROM ai_value.gaming_alerts a, LATERAL (SELECT a.evidence_json ->> 'window') w("window")
 WHERE workflow_id = t_wf(48) ORDER BY 1;
SELECT evidence_json ->> 'rise_pct' AS rise_pct, evidence_json -> 'rise' AS rise
  FROM ai_value.gaming_alerts WHERE workflow_id = t_wf(45);

-- self_report_mismatch ------------------------------------------------------
\set e '''2026-03-10 12:00:00+00'''
-- wf 51: verified avg 10, self-report avg 15 (1.5 x), 3 rows each -> medium
INSERT INTO ai_value.ai_workflow_outcomes (id, workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind)
SELECT t_oid(5100 + i), t_wf(51), t_metric('time'), 5, v, 'r', :e::timestamptz - i * interval '24 hours', k::ai_value.evidence_kind
  FROM (VALUES (1, 9, 'system_log'), (2, 10, 'sampled_review'), (3, 11, 'system_log')) x(i, v, k);
INSERT INTO ai_value.ai_workflow_outcomes (id, workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind)
SELECT t_oid(5110 + i), t_wf(51), t_metric('time'), 5, v, 'r', :e::timestamptz - i * interval '1 hour', 'self_report'
  FROM (VALUES (1, 14), (2, 15), (3, 16)) x(i, v);
-- wf 52: self-report avg 14.99 -> nothing
INSERT INTO ai_value.ai_workflow_outcomes (id, workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind)
SELECT t_oid(5200 + i), t_wf(52), t_metric('time'), 5, v, 'r', :e::timestamptz - i * interval '24 hours', k::ai_value.evidence_kind
  FROM (VALUES (1, 10, 'system_log'), (2, 10, 'system_log'), (3, 10, 'system_log'),
               (4, 14.99, 'self_report'), (5, 14.99, 'self_report'), (6, 14.99, 'self_report')) x(i, v, k);
-- wf 53: only 2 self-report rows -> nothing; the third -> medium
INSERT INTO ai_value.ai_workflow_outcomes (id, workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind)
SELECT t_oid(5300 + i), t_wf(53), t_metric('time'), 5, v, 'r', :e::timestamptz - i * interval '24 hours', k::ai_value.evidence_kind
  FROM (VALUES (1, 10, 'system_log'), (2, 10, 'system_log'), (3, 10, 'system_log'),
               (4, 30, 'self_report'), (5, 30, 'self_report'),
               (6, 30, 'customer_feedback'), (7, 30, 'customer_feedback')) x(i, v, k);
SELECT count(*) AS wf53_before FROM ai_value.gaming_alerts WHERE workflow_id = t_wf(53);
SELECT t_out(5310, 53, 'time', 5, 30, :e, 'self_report');
SELECT count(*) AS wf53_after FROM ai_value.gaming_alerts WHERE workflow_id = t_wf(53);
-- wf 54: the self-reports are more than 30 days before the newest row -> nothing
INSERT INTO ai_value.ai_workflow_outcomes (id, workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind)
SELECT t_oid(5400 + i), t_wf(54), t_metric('time'), 5, v, 'r', :e::timestamptz - d * interval '24 hours', k::ai_value.evidence_kind
  FROM (VALUES (1, 10, 'system_log', 0), (2, 10, 'system_log', 0), (3, 10, 'system_log', 0),
               (4, 40, 'self_report', 30), (5, 40, 'self_report', 31), (6, 40, 'self_report', 32)) x(i, v, k, d);
-- wf 55: self-report agrees with the logs -> nothing
INSERT INTO ai_value.ai_workflow_outcomes (id, workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind)
SELECT t_oid(5500 + i), t_wf(55), t_metric('time'), 5, 10, 'r', :e::timestamptz - i * interval '24 hours',
       CASE WHEN i % 2 = 0 THEN 'self_report' ELSE 'system_log' END::ai_value.evidence_kind
  FROM generate_series(1, 8) i;
-- wf 56: the mismatch goes on; every new self-report in the same 30-day bucket raises nothing new
INSERT INTO ai_value.ai_workflow_outcomes (id, workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind)
SELECT t_oid(5600 + i), t_wf(56), t_metric('time'), 5, v, 'r', :e::timestamptz - i * interval '24 hours', k::ai_value.evidence_kind
  FROM (VALUES (1, 10, 'system_log'), (2, 10, 'system_log'), (3, 10, 'system_log'),
               (4, 30, 'self_report'), (5, 30, 'self_report'), (6, 30, 'self_report')) x(i, v, k);
SELECT t_out(5610, 56, 'time', 5, 30, :e::timestamptz + interval '1 hour', 'self_report');
SELECT t_out(5611, 56, 'time', 5, 30, :e::timestamptz + interval '48 hours', 'self_report');
SELECT count(*) AS wf56_alerts FROM ai_value.gaming_alerts WHERE workflow_id = t_wf(56);

SELECT * FROM t_alerts WHERE alert_type = 'self_report_mismatch' ORDER BY wf;
SELECT jsonb_pretty(evidence_json) FROM ai_value.gaming_alerts WHERE workflow_id = t_wf(51);
-- the window is a 30-day bucket from the epoch (UTC) and holds the newest measured_at
SELECT (evidence_json ->> 'window')::date AS bucket_start,
       ((evidence_json ->> 'window')::date - date '1970-01-01') % 30 AS bucket_offset,
       (evidence_json ->> 'window_end')::timestamptz - (evidence_json ->> 'window')::date::timestamptz < interval '30 days' AS holds_end
  FROM ai_value.gaming_alerts WHERE alert_type = 'self_report_mismatch' ORDER BY workflow_id;

-- no alert type other than the four expected kinds came from outcomes
SELECT alert_type, severity, count(*) FROM ai_value.gaming_alerts GROUP BY 1, 2 ORDER BY 1, 2;

-- the outcome trigger skips its SQL when no inserted row could be flagged; the
-- metric kinds it checks against follow changes to ai_value_metrics at once
-- wf 57: a multi-row statement whose only drop is its last row -> medium
INSERT INTO ai_value.ai_workflow_outcomes (id, workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at)
VALUES (t_oid(5701), t_wf(57), t_metric('task'), 0.5, 0.4, 'r', :d),
       (t_oid(5702), t_wf(57), t_metric('csat'), 80, 40, 'r', :d),
       (t_oid(5703), t_wf(57), t_metric('quality'), 80, 81, 'r', :d),
       (t_oid(5704), t_wf(57), t_metric('quality'), 80, 70, 'r', :d);
-- wf 58: a quality metric created after the cache was built, in the same transaction -> medium
BEGIN;
INSERT INTO ai_value.ai_value_metrics (id, metric_key, metric_name, metric_type, status, formula,
        data_source, baseline_required, quality_gate, anti_gaming_check, intended_uses) VALUES
    ('a0000000-0000-0000-0000-000000000005', 'review_defect_score', 'Review defect score', 'quality', 'approved',
     'defect-free reviews / reviews', 'review tool', true, 'two reviewers', 'blind sampling', '{team_improvement}');
INSERT INTO ai_value.ai_workflow_outcomes (id, workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at)
VALUES (t_oid(5801), t_wf(58), 'a0000000-0000-0000-0000-000000000005', 90, 45, 'r', :d);
COMMIT;
-- wf 59: a time_saved metric created later, self-reports against logs -> medium
INSERT INTO ai_value.ai_value_metrics (id, metric_key, metric_name, metric_type, status, formula,
        data_source, baseline_required, quality_gate, anti_gaming_check, intended_uses) VALUES
    ('a0000000-0000-0000-0000-000000000006', 'review_time_saved', 'Review time saved', 'time_saved', 'approved',
     'baseline minutes - observed minutes', 'time tracking', true, 'sampled review', 'self-report vs logs', '{team_improvement}');
INSERT INTO ai_value.ai_workflow_outcomes (id, workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind)
SELECT t_oid(5900 + i), t_wf(59), 'a0000000-0000-0000-0000-000000000006', 5, CASE WHEN i <= 3 THEN 10 ELSE 20 END, 'r',
       :e::timestamptz - i * interval '1 hour', CASE WHEN i <= 3 THEN 'system_log' ELSE 'self_report' END::ai_value.evidence_kind
  FROM generate_series(1, 6) i;
SELECT * FROM t_alerts WHERE wf IN ('057', '058', '059') ORDER BY wf;
SELECT evidence_json -> 'row_ids' AS wf57_row_ids FROM ai_value.gaming_alerts WHERE workflow_id = t_wf(57);
