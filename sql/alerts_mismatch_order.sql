-- alerts_mismatch_order: self_report_mismatch is judged whichever kind of row
-- arrives last. Self-reports first, then verified rows one statement at a
-- time: the verified row that completes the evidence raises the alert (the
-- trigger probes the rollups for earlier self-reports before running SQL).
-- Verified rows of a pair without self-reports raise nothing.
\set VERBOSITY terse
\i test/fixtures/setup.sql
\i test/fixtures/alerts_data.sql
\set e '''2026-03-10 12:00:00+00'''
-- wf 81: self-reports avg 30, then verified 10, 10, 10 one by one -> alert on the third
SELECT t_out(8101, 81, 'time', 5, 30, :e::timestamptz - interval '5 hours', 'self_report');
SELECT t_out(8102, 81, 'time', 5, 30, :e::timestamptz - interval '4 hours', 'self_report');
SELECT t_out(8103, 81, 'time', 5, 30, :e::timestamptz - interval '3 hours', 'self_report');
SELECT t_out(8111, 81, 'time', 5, 10, :e::timestamptz - interval '2 hours', 'system_log');
SELECT t_out(8112, 81, 'time', 5, 10, :e::timestamptz - interval '1 hours', 'system_log');
SELECT count(*) AS alerts_before_third_verified FROM ai_value.gaming_alerts WHERE alert_type = 'self_report_mismatch';
SELECT t_out(8113, 81, 'time', 5, 10, :e, 'sampled_review');
SELECT alert_type, severity, workflow_id = t_wf(81) AS wf81,
       evidence_json ->> 'self_report_n' AS self_n, evidence_json ->> 'verified_n' AS verified_n
  FROM ai_value.gaming_alerts WHERE alert_type = 'self_report_mismatch';
-- wf 82: verified rows only -> nothing
SELECT t_out(8200 + i, 82, 'time', 5, 10, :e::timestamptz - i * interval '1 hour', 'system_log') FROM generate_series(1, 4) i;
SELECT count(*) AS alerts_wf82 FROM ai_value.gaming_alerts WHERE workflow_id = t_wf(82);
