\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE EXTENSION aivalue;
INSERT INTO ai_value.ai_value_metrics (id, metric_key, metric_name, metric_type, status, formula, data_source,
        baseline_required, quality_gate, anti_gaming_check)
SELECT ('a0000000-0000-0000-0000-00000000000' || i)::uuid, k, k, t::ai_value.metric_type, 'approved', 'f', 'd', true, 'q', 'a'
  FROM (VALUES (1, 'task_completion_rate', 'task_completion'), (2, 'actual_time_saved', 'time_saved'),
               (3, 'output_quality_score', 'quality'), (4, 'customer_satisfaction', 'customer_satisfaction')) v(i, k, t);
CREATE TABLE public.twin (LIKE ai_value.ai_workflow_outcomes INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
ALTER TABLE public.twin ADD FOREIGN KEY (metric_id) REFERENCES ai_value.ai_value_metrics (id);
