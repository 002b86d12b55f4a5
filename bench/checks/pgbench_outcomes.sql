\set w random(0, 999)
\set m random(1, 4)
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
VALUES (('f0000000-0000-0000-0000-' || lpad(:w::text, 12, '0'))::uuid, ('a0000000-0000-0000-0000-00000000000' || :m)::uuid, 1, 2, 'log');
