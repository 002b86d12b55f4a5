-- alerts_detect: detect_gaming(since) for late data, idempotence, restore
-- mode, privileges, and thresholds edited by governance (SPEC §7, §9).
\set VERBOSITY terse
\i test/fixtures/setup.sql
\i test/fixtures/alerts_data.sql
GRANT SELECT ON public.t_alerts TO av_gov;

-- only governance may run detect_gaming
SET ROLE av_owner;
SELECT av_try('SELECT ai_value.detect_gaming(''-infinity'')');
SET ROLE av_fin;
SELECT av_try('SELECT ai_value.detect_gaming(''-infinity'')');
RESET ROLE;
SELECT av_try('SELECT ai_value.detect_gaming(NULL)');

-- rows loaded while detection stood aside (restore mode): nothing raised ...
SET aivalue.restoring = on;
SELECT t_hist(61, 4, 7000, 70); SELECT t_diag(61, 4, 28000, 140);
SELECT t_out(6201, 62, 'quality', 80, 60, t_day(10));
INSERT INTO ai_value.ai_workflow_outcomes (id, workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind)
SELECT t_oid(6300 + i), t_wf(63), t_metric('time'), 5, CASE WHEN i <= 3 THEN 10 ELSE 20 END, 'r',
       t_day(10) + i * interval '1 hour', CASE WHEN i <= 3 THEN 'system_log' ELSE 'self_report' END::ai_value.evidence_kind
  FROM generate_series(1, 6) i;
RESET aivalue.restoring;
SELECT count(*) AS alerts_after_restore FROM ai_value.gaming_alerts;
-- ... and detect_gaming finds every kind; a second run finds nothing new
SET ROLE av_gov;
SELECT ai_value.detect_gaming('2026-01-01') AS first_run;
SELECT ai_value.detect_gaming('2026-01-01') AS second_run;
SELECT ai_value.detect_gaming('-infinity') AS all_data_again;
SELECT * FROM t_alerts ORDER BY wf, alert_type;
RESET ROLE;

-- late history: a period arrives before its history, so when inserted it had no
-- baseline; the history arrives later; the trigger judges only inserted rows,
-- detect_gaming re-judges the period
SELECT t_diag(64, 4, 21000, NULL);
SELECT t_hist(64, 4, 7000, NULL);
SELECT count(*) AS wf64_by_trigger FROM ai_value.gaming_alerts WHERE workflow_id = t_wf(64);
-- since is data time: a point after the period ends does not reach it
SET ROLE av_gov;
SELECT ai_value.detect_gaming(t_day(5)) AS after_period;
SELECT ai_value.detect_gaming(t_day(5) - interval '1 second') AS period_reached;
SELECT ai_value.detect_gaming(t_day(5) - interval '1 second') AS again;
RESET ROLE;
SELECT * FROM t_alerts WHERE wf = '064';

-- late outcomes: a quality outcome measured long ago arrives now; the trigger
-- judges it at once, and detect_gaming over that time adds nothing
SELECT t_out(6501, 65, 'quality', 100, 50, '2025-06-01 08:00+00');
SELECT * FROM t_alerts WHERE wf = '065';
SET ROLE av_gov;
SELECT ai_value.detect_gaming('2025-01-01') AS rerun;
RESET ROLE;

-- an alert id is the same whichever path raised it
SELECT count(*) AS ids_from_key FROM ai_value.gaming_alerts
 WHERE id = md5(alert_type || '/' || COALESCE(workflow_id::text, '') || '/' || COALESCE(metric_id::text, '') || '/' || (evidence_json ->> 'window'))::uuid;
SELECT count(*) AS all_alerts FROM ai_value.gaming_alerts;

-- thresholds: governance edits them (audited); nobody else can
SET ROLE av_owner;
SELECT av_try('UPDATE ai_value.settings SET value = 3 WHERE key = ''token_spike_ratio''');
SET ROLE av_writer;
SELECT av_try('UPDATE ai_value.settings SET value = 3 WHERE key = ''token_spike_ratio''');
SET ROLE av_gov;
SELECT av_try('UPDATE ai_value.settings SET default_value = 3 WHERE key = ''token_spike_ratio''');
SELECT av_try('UPDATE ai_value.settings SET value = 3 WHERE key = ''token_spike_ratio''');
RESET ROLE;
SELECT actor_role, action, old_row ->> 'value' AS old_value, new_row ->> 'value' AS new_value
  FROM ai_value.audit_log WHERE table_name = 'settings' ORDER BY id;
-- a 2.5 x spike no longer raises an alert at ratio 3 ...
SELECT t_hist(66, 4, 7000, NULL); SELECT t_diag(66, 4, 17500, NULL);
SELECT count(*) AS wf66_at_ratio_3 FROM ai_value.gaming_alerts WHERE workflow_id = t_wf(66);
-- ... and is found by detect_gaming once governance sets it back to 2
SET ROLE av_gov;
UPDATE ai_value.settings SET value = 2 WHERE key = 'token_spike_ratio';
SELECT ai_value.detect_gaming(t_day(4)) AS after_reset;
-- a high threshold of 2.5 makes the same kind of spike high
UPDATE ai_value.settings SET value = 2.5 WHERE key = 'token_spike_high_ratio';
RESET ROLE;
SELECT t_hist(67, 4, 7000, NULL); SELECT t_diag(67, 4, 17500, NULL);
SELECT * FROM t_alerts WHERE wf IN ('066', '067') ORDER BY wf;

-- a statement that inserts no rows raises nothing
INSERT INTO ai_value.token_cost_diagnostics SELECT * FROM ai_value.token_cost_diagnostics WHERE false;
SELECT count(*) AS all_alerts_end FROM ai_value.gaming_alerts;
