-- alerts_spike: token_spike_no_outcome and prompt_spike_no_quality (SPEC §7).
\set VERBOSITY terse
\i test/fixtures/setup.sql
\i test/fixtures/alerts_data.sql

-- token_spike_no_outcome ----------------------------------------------------
-- history: 4 weekly periods of 7000 tokens = 1000 tokens/day
-- wf 1: 2.0 x, nothing measured -> medium
SELECT t_hist(1, 4, 7000, NULL); SELECT t_diag(1, 4, 14000, NULL);
-- wf 2: 4.0 x in the same statement as its history -> high
INSERT INTO ai_value.token_cost_diagnostics (id, workflow_id, token_count, model, cost, period_start, period_end)
SELECT t_did(2, k), t_wf(2), CASE WHEN k = 4 THEN 28000 ELSE 7000 END, 'model-x', 1, t_day(k), t_day(k + 1)
  FROM generate_series(0, 4) k;
-- wf 3: just under 2.0 x (1999 tokens/day) -> nothing
SELECT t_hist(3, 4, 7000, NULL); SELECT t_diag(3, 4, 13993, NULL);
-- wf 4: steady -> nothing
SELECT t_hist(4, 5, 7000, NULL);
-- wf 5: 4 x but task completion improved 25 % in the period -> nothing
SELECT t_hist(5, 4, 7000, NULL);
SELECT t_out(501, 5, 'task', 0.60, 0.75, t_day(4) + interval '48 hours');
SELECT t_diag(5, 4, 28000, NULL);
-- wf 6: 3 x, best improvement 9.99 % -> medium
SELECT t_hist(6, 4, 7000, NULL);
SELECT t_out(601, 6, 'csat', 100, 109.99, t_day(4) + interval '24 hours');
SELECT t_out(602, 6, 'quality', 80, 82, t_day(4) + interval '24 hours');
SELECT t_diag(6, 4, 21000, NULL);
-- wf 7: 3 x, improvement exactly 10 % -> nothing
SELECT t_hist(7, 4, 7000, NULL);
SELECT t_out(701, 7, 'csat', 100, 110, t_day(4) + interval '24 hours');
SELECT t_diag(7, 4, 21000, NULL);
-- wf 8: 3 x, only self-reported time saved rose (50 %) -> medium; verified time saved fell
SELECT t_hist(8, 4, 7000, NULL);
SELECT t_out(801, 8, 'time', 20, 30, t_day(4) + interval '24 hours', 'self_report');
SELECT t_out(802, 8, 'time', 20, 19, t_day(4) + interval '24 hours', 'system_log');
SELECT t_diag(8, 4, 21000, NULL);
-- wf 9: 3 x, the improvement was measured outside the period (before and at period_end) -> medium
SELECT t_hist(9, 4, 7000, NULL);
SELECT t_out(901, 9, 'task', 0.5, 0.9, t_day(4) - interval '1 second');
SELECT t_out(902, 9, 'task', 0.5, 0.9, t_day(5));
SELECT t_diag(9, 4, 21000, NULL);
-- wf 10: tokens per day, not per period: daily history of 1000, then a 14-day period of 28000 (2000/day) -> medium
INSERT INTO ai_value.token_cost_diagnostics (id, workflow_id, token_count, model, cost, period_start, period_end)
SELECT t_did(10, k), t_wf(10), 1000, 'model-x', 1, t_day(0) + k * interval '24 hours', t_day(0) + (k + 1) * interval '24 hours'
  FROM generate_series(0, 3) k;
INSERT INTO ai_value.token_cost_diagnostics (id, workflow_id, token_count, model, cost, period_start, period_end)
VALUES (t_did(10, 99), t_wf(10), 28000, 'model-x', 1, t_day(1), t_day(3));
-- wf 11: only the previous 4 periods count: two old huge periods, then 4 x 7000, then 2 x -> medium
INSERT INTO ai_value.token_cost_diagnostics (id, workflow_id, token_count, model, cost, period_start, period_end)
SELECT t_did(11, k), t_wf(11), CASE WHEN k < 2 THEN 700000 ELSE 7000 END, 'model-x', 1, t_day(k), t_day(k + 1)
  FROM generate_series(0, 5) k;
SELECT t_diag(11, 6, 14000, NULL);
-- wf 12: a first period has no history -> nothing; an improving workflow with falling tokens -> nothing
SELECT t_diag(12, 0, 900000, NULL);
SELECT t_diag(12, 1, 7000, NULL);
-- wf 13: a zero baseline gives no ratio -> nothing
SELECT t_hist(13, 4, 0, NULL); SELECT t_diag(13, 4, 7000, NULL);

SELECT * FROM t_alerts WHERE alert_type = 'token_spike_no_outcome' ORDER BY wf;

-- the same spike reported again (another row, same period) raises nothing new
SELECT t_diag(1, 4, 14000, NULL, 40);
SELECT t_diag(2, 4, 28000, NULL, 40);
SELECT count(*) AS wf1_wf2_token_alerts FROM ai_value.gaming_alerts
 WHERE alert_type = 'token_spike_no_outcome' AND workflow_id IN (t_wf(1), t_wf(2));

-- evidence: rule, window, thresholds, figures, triggering and history rows
SELECT jsonb_pretty(evidence_json) FROM ai_value.gaming_alerts WHERE workflow_id = t_wf(6);
SELECT evidence_json -> 'row_ids' AS row_ids, evidence_json -> 'history_ids' AS history_ids,
       evidence_json ->> 'baseline_rate' AS baseline_rate
  FROM ai_value.gaming_alerts WHERE workflow_id = t_wf(11);
SELECT evidence_json ->> 'rate' AS rate, evidence_json ->> 'baseline_rate' AS baseline_rate,
       evidence_json ->> 'rate_unit' AS unit, evidence_json ->> 'period_end' AS period_end
  FROM ai_value.gaming_alerts WHERE workflow_id = t_wf(10);
-- the alert id is the name-based uuid of its dedup key
SELECT id = md5(alert_type || '/' || workflow_id || '/' || '' || '/' || (evidence_json ->> 'window'))::uuid AS id_from_key,
       metric_id IS NULL AS no_metric
  FROM ai_value.gaming_alerts WHERE workflow_id = t_wf(1);

-- prompt_spike_no_quality ---------------------------------------------------
-- history: 4 weekly periods of 70 prompts = 10 prompts/day, tokens steady
-- wf 21: 2.0 x -> medium; wf 22: 4.0 x -> high; wf 23: just under -> nothing
SELECT t_hist(21, 4, 7000, 70); SELECT t_diag(21, 4, 7000, 140);
SELECT t_hist(22, 4, 7000, 70); SELECT t_diag(22, 4, 7000, 280);
SELECT t_hist(23, 4, 7000, 70); SELECT t_diag(23, 4, 7000, 139.93);
-- wf 24: 4 x but quality rose 20 % -> nothing
SELECT t_hist(24, 4, 7000, 70);
SELECT t_out(2401, 24, 'quality', 50, 60, t_day(4) + interval '72 hours');
SELECT t_diag(24, 4, 7000, 280);
-- wf 25: 4 x, task completion rose 50 % but quality was not measured -> high (judged on quality only)
SELECT t_hist(25, 4, 7000, 70);
SELECT t_out(2501, 25, 'task', 0.4, 0.6, t_day(4) + interval '72 hours');
SELECT t_diag(25, 4, 7000, 280);
-- wf 26: rows without prompt_count are ignored, as history and as source
SELECT t_hist(26, 2, 7000, NULL);
SELECT t_diag(26, 2, 7000, 70); SELECT t_diag(26, 3, 7000, 70);
SELECT t_diag(26, 4, 7000, NULL);
SELECT t_diag(26, 5, 7000, 140);
-- wf 27: steady prompts -> nothing
SELECT t_hist(27, 6, 7000, 70);
-- wf 28: tokens and prompts both spike, nothing measured -> one alert of each kind
SELECT t_hist(28, 4, 7000, 70); SELECT t_diag(28, 4, 28000, 140);

SELECT * FROM t_alerts WHERE alert_type = 'prompt_spike_no_quality' OR wf IN ('021', '022', '023', '024', '025', '026', '027', '028') ORDER BY wf, alert_type;
SELECT evidence_json -> 'history_ids' AS history_ids, evidence_json ->> 'rate_unit' AS unit,
       evidence_json ->> 'baseline_rate' AS baseline_rate
  FROM ai_value.gaming_alerts WHERE workflow_id = t_wf(26);
SELECT evidence_json ->> 'improvement_pct' AS improvement, evidence_json ->> 'metrics_measured' AS measured
  FROM ai_value.gaming_alerts WHERE workflow_id = t_wf(25);
-- the same prompt spike reported again raises nothing new
SELECT t_diag(21, 4, 7000, 140, 40);
SELECT count(*) AS wf21_alerts FROM ai_value.gaming_alerts WHERE workflow_id = t_wf(21);

-- a statement of more than 64 rows skips the pre-check and runs the detectors
-- directly: wf 40..59, five periods each in one INSERT (100 rows); the last
-- period spikes 2x for even workflows (medium), 4x for multiples of 4 (high)
INSERT INTO ai_value.token_cost_diagnostics (id, workflow_id, token_count, model, cost, period_start, period_end, prompt_count)
SELECT t_did(w, k), t_wf(w),
       CASE WHEN k < 4 OR w % 2 = 1 THEN 7000 WHEN w % 4 = 0 THEN 28000 ELSE 14000 END, 'model-x', 1, t_day(k), t_day(k + 1), 70
  FROM generate_series(40, 59) w, generate_series(0, 4) k;
SELECT severity, count(*), min(wf), max(wf) FROM t_alerts WHERE wf BETWEEN '040' AND '059' GROUP BY severity ORDER BY severity;

-- a writer (no SELECT on alerts) triggers detection; the alert is written as the extension owner
SET ROLE av_writer;
SELECT t_hist(31, 4, 7000, NULL);
SELECT t_diag(31, 4, 70000, NULL);
RESET ROLE;
SELECT * FROM t_alerts WHERE wf = '031';
