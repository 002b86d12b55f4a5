-- actor: owner_id, approved_by and requested_by are the person mapped to
-- current_user in ai_value.principals (SPEC §3). NULL is filled in, another
-- person's id is refused (42501), a role without principal cannot name a
-- person, a superuser can.
\set VERBOSITY terse
\i test/fixtures/setup.sql
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'av_noprin') THEN CREATE ROLE av_noprin NOLOGIN; END IF;
END $$;
GRANT ai_value_team_owner, ai_value_governance TO av_noprin;

-- owner_id on metrics
SET ROLE av_owner;
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, intended_uses)
VALUES ('actor_filled', 'Review turnaround quality', 'quality', '{team_improvement}');
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, intended_uses, owner_id)
VALUES ('actor_own_id', 'Review depth quality', 'quality', '{team_improvement}', '11111111-1111-1111-1111-111111111111');
SELECT av_try($$INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, intended_uses, owner_id)
                VALUES ('actor_forged', 'Review accuracy', 'quality', '{team_improvement}', '11111111-1111-1111-1111-111111111112')$$);
SELECT av_try($$INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, intended_uses, owner_id)
                VALUES ('actor_forged_random', 'Review accuracy', 'quality', '{team_improvement}', '99999999-9999-9999-9999-999999999999')$$);
RESET ROLE;
SELECT metric_key, owner_id FROM ai_value.ai_value_metrics WHERE metric_key LIKE 'actor\_%' ORDER BY metric_key;

-- the principal of current_user, not of the session: SET ROLE to the dual seat
SET ROLE av_owner_gov;
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, intended_uses)
VALUES ('actor_dual_seat', 'Review cycle time saved', 'time_saved', '{team_improvement}');
SELECT av_try($$INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, intended_uses, owner_id)
                VALUES ('actor_dual_forged', 'Review cycle time', 'time_saved', '{team_improvement}', '11111111-1111-1111-1111-111111111111')$$);
RESET ROLE;
SELECT metric_key, owner_id FROM ai_value.ai_value_metrics WHERE metric_key LIKE 'actor\_dual%' ORDER BY metric_key;

-- a seat without a principal may leave the person empty but not name one
SET ROLE av_noprin;
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, intended_uses)
VALUES ('actor_noprin', 'Customer reply satisfaction', 'customer_satisfaction', '{team_improvement}');
SELECT av_try($$INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, intended_uses, owner_id)
                VALUES ('actor_noprin_named', 'Customer reply quality', 'quality', '{team_improvement}', '11111111-1111-1111-1111-111111111111')$$);
RESET ROLE;
SELECT metric_key, owner_id FROM ai_value.ai_value_metrics WHERE metric_key LIKE 'actor\_noprin%' ORDER BY metric_key;

-- the superuser (no principal) may name a person, e.g. to load history
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, intended_uses, owner_id)
VALUES ('actor_by_dba', 'Onboarding task completion', 'task_completion', '{team_improvement}', '11111111-1111-1111-1111-111111111112');
UPDATE ai_value.ai_value_metrics SET owner_id = '11111111-1111-1111-1111-111111111111' WHERE metric_key = 'actor_by_dba';
SELECT metric_key, owner_id FROM ai_value.ai_value_metrics WHERE metric_key = 'actor_by_dba';

-- an UPDATE that leaves the person alone is not judged: governance edits
-- another owner's metric; changing the person is refused (privilege first)
SET ROLE av_gov;
UPDATE ai_value.ai_value_metrics SET quality_gate = 'sampled weekly' WHERE metric_key = 'actor_filled';
SELECT av_try($$UPDATE ai_value.ai_value_metrics SET owner_id = '22222222-2222-2222-2222-222222222221' WHERE metric_key = 'actor_filled'$$);
RESET ROLE;
SELECT metric_key, owner_id, quality_gate FROM ai_value.ai_value_metrics WHERE metric_key = 'actor_filled';

-- approved_by on policy rules
SET ROLE av_gov;
INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale, effective_at)
SELECT id, 'allow', 'filled approver', '2026-01-01' FROM ai_value.ai_value_metrics WHERE metric_key = 'actor_filled';
INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale, effective_at, approved_by)
SELECT id, 'allow', 'own approver', '2026-01-02', '22222222-2222-2222-2222-222222222221' FROM ai_value.ai_value_metrics WHERE metric_key = 'actor_filled';
SELECT av_try($$INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale, approved_by)
                SELECT id, 'allow', 'forged approver', '22222222-2222-2222-2222-222222222222' FROM ai_value.ai_value_metrics WHERE metric_key = 'actor_filled'$$);
RESET ROLE;
SET ROLE av_noprin;
SELECT av_try($$INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale, approved_by)
                SELECT id, 'allow', 'named without principal', '22222222-2222-2222-2222-222222222221' FROM ai_value.ai_value_metrics WHERE metric_key = 'actor_filled'$$);
RESET ROLE;
INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale, effective_at, approved_by)
SELECT id, 'allow', 'loaded by the DBA', '2026-01-03', '22222222-2222-2222-2222-222222222222' FROM ai_value.ai_value_metrics WHERE metric_key = 'actor_filled';
SELECT rationale, approved_by FROM ai_value.metric_policy_rules
 WHERE metric_id = (SELECT id FROM ai_value.ai_value_metrics WHERE metric_key = 'actor_filled') ORDER BY effective_at;

-- requested_by (INSERT) and approved_by (decision) on exceptions
SET ROLE av_owner;
INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at)
SELECT id, 'filled requester', now() + interval '10 days' FROM ai_value.ai_value_metrics WHERE metric_key = 'actor_filled';
SELECT av_try($$INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at, requested_by)
                SELECT id, 'forged requester', now() + interval '10 days', '11111111-1111-1111-1111-111111111112'
                  FROM ai_value.ai_value_metrics WHERE metric_key = 'actor_filled'$$);
RESET ROLE;
SET ROLE av_noprin;
SELECT av_try($$INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at, requested_by)
                SELECT id, 'named without principal', now() + interval '10 days', '11111111-1111-1111-1111-111111111111'
                  FROM ai_value.ai_value_metrics WHERE metric_key = 'actor_filled'$$);
RESET ROLE;
SELECT reason, requested_by, approved_by, status FROM ai_value.metric_exceptions ORDER BY reason;
SET ROLE av_gov;
SELECT av_try($$UPDATE ai_value.metric_exceptions SET approved_by = '22222222-2222-2222-2222-222222222222', decision_note = 'forged approver'
                 WHERE reason = 'filled requester'$$);
SELECT av_try($$UPDATE ai_value.metric_exceptions SET approved_by = '11111111-1111-1111-1111-111111111111', decision_note = 'the requester as approver'
                 WHERE reason = 'filled requester'$$);
RESET ROLE;
SELECT reason, requested_by, approved_by, status, decision_note FROM ai_value.metric_exceptions ORDER BY reason;

-- a changed mapping applies to the next write at once
UPDATE ai_value.principals SET person_id = '11111111-1111-1111-1111-11111111111f' WHERE role_name = 'av_owner2';
SET ROLE av_owner2;
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, intended_uses)
VALUES ('actor_remapped', 'Release quality score', 'quality', '{team_improvement}');
SELECT av_try($$INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, intended_uses, owner_id)
                VALUES ('actor_old_mapping', 'Release quality', 'quality', '{team_improvement}', '11111111-1111-1111-1111-111111111112')$$);
RESET ROLE;
SELECT metric_key, owner_id FROM ai_value.ai_value_metrics WHERE metric_key IN ('actor_remapped', 'actor_old_mapping');

-- nothing refused was left behind; every stored person is a principal's or the DBA's choice
SELECT count(*) AS forged_rows FROM ai_value.ai_value_metrics WHERE metric_key ~ 'forged|named|old_mapping';
SELECT count(*) AS forged_rules FROM ai_value.metric_policy_rules WHERE rationale ~ 'forged|without principal';
SELECT count(*) AS forged_exceptions FROM ai_value.metric_exceptions WHERE reason ~ 'forged|without principal';
