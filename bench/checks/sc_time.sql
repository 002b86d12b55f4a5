SELECT current_database(), count(*) AS outcomes, (SELECT count(*) FROM ai_value.outcome_rollups) AS rollup_rows,
       pg_size_pretty(pg_relation_size('ai_value.outcome_rollups')) AS rollup_size,
       (SELECT count(*) FROM ai_value.scorecard) AS scorecard_rows FROM ai_value.ai_workflow_outcomes;
\o /dev/null
\timing on
SELECT * FROM ai_value.scorecard;
SELECT * FROM ai_value.scorecard;
SELECT * FROM ai_value.scorecard;
SELECT * FROM ai_value.scorecard;
SELECT * FROM ai_value.scorecard;
SELECT * FROM ai_value.scorecard;
SELECT * FROM ai_value.scorecard;
\timing off
\o
