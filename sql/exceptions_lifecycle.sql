-- exceptions_lifecycle: requests (AV005), decisions (AV006, one decision
-- only), expiry judged on the clock with a warm cache, expire_exceptions().
\set VERBOSITY terse
\i test/fixtures/setup.sql
\i test/fixtures/checks_metrics.sql
CREATE FUNCTION public.exc_id(reason_text text) RETURNS uuid LANGUAGE sql AS
    $$SELECT id FROM ai_value.metric_exceptions WHERE reason = reason_text$$;

-- a team owner requests: pending whatever is asked
SET ROLE av_owner;
SELECT av_try($$SELECT ai_value.post_exception(jsonb_build_object('metric_key', 'output_quality_score', 'reason', 'pilot team needs the rubric', 'expires_at', now() + interval '10 days'))$$) AS request;
SELECT av_try($$INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at, status)
    VALUES ('a0000000-0000-0000-0000-000000000007', 'self-approved', now() + interval '1 day', 'approved')$$) AS owner_sets_status;
RESET ROLE;
-- even the superuser's request starts pending, undecided
INSERT INTO ai_value.metric_exceptions (metric_id, requested_by, reason, expires_at, status, approved_by, decided_at, decision_note)
VALUES ('a0000000-0000-0000-0000-000000000007', '11111111-1111-1111-1111-111111111112', 'forced pending', now() + interval '5 days',
        'approved', '22222222-2222-2222-2222-222222222221', now(), 'pre-approved');
SELECT reason, status, approved_by IS NULL AS no_approver, decided_at IS NULL AS undecided, decision_note IS NULL AS no_note,
       requested_by
  FROM ai_value.metric_exceptions ORDER BY reason;

-- invalid requests: AV005 each, nothing stored
SET ROLE av_owner;
SELECT av_try($$INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at)
    VALUES ('a0000000-0000-0000-0000-000000000007', E' \u200b ', now() + interval '1 day')$$) AS blank_reason;
SELECT av_try($$INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at)
    VALUES ('a0000000-0000-0000-0000-000000000007', 'late', now() - interval '1 second')$$) AS expiry_past;
SELECT av_try($$INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at)
    VALUES ('a0000000-0000-0000-0000-000000000007', 'now', now())$$) AS expiry_now;
SELECT av_try($$INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at)
    VALUES ('a0000000-0000-0000-0000-000000000007', 'too long', now() + interval '90 days 1 second')$$) AS expiry_too_far;
SELECT av_try($$INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at)
    VALUES ('a0000000-0000-0000-0000-000000000007', 'just in range', now() + interval '90 days')$$) AS expiry_90_days;
SELECT av_try($$INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at)
    VALUES ('a0000000-0000-0000-0000-000000000003', 'we need the leaderboard', now() + interval '1 day')$$) AS activity_metric;
SELECT av_try($$INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at)
    VALUES ('a0000000-0000-0000-0000-000000000004', 'cost in scorecard', now() + interval '1 day')$$) AS diagnostic_metric;
SELECT av_try($$INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at)
    VALUES ('a0000000-0000-0000-0000-0000000000ff', 'ghost', now() + interval '1 day')$$) AS unknown_metric;
RESET ROLE;
-- a metric approved in status but blocked by a rule in force is not waivable either
INSERT INTO ai_value.ai_value_metrics (id, metric_key, metric_name, metric_type, status, formula, data_source,
        baseline_required, quality_gate, anti_gaming_check)
VALUES ('a0000000-0000-0000-0000-00000000000a', 'review_turnaround', 'Review turnaround', 'quality', 'approved',
        'median hours from request to review', 'review tool', true, 'sampled review depth check', 'rubber-stamp detection');
INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale)
VALUES ('a0000000-0000-0000-0000-00000000000a', 'block', 'Gamed by rubber-stamp reviews.');
SET ROLE av_owner;
SELECT av_try($$INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at)
    VALUES ('a0000000-0000-0000-0000-00000000000a', 'please', now() + interval '1 day')$$) AS blocked_by_rule;
-- others may not request
SET ROLE av_gov;
SELECT av_try($$SELECT ai_value.post_exception('{"metric_key": "output_quality_score", "reason": "x", "expires_at": "2099-01-01"}')$$) AS governance_requests;
SET ROLE av_writer;
SELECT av_try($$INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at)
    VALUES ('a0000000-0000-0000-0000-000000000007', 'writer', now() + interval '1 day')$$) AS writer_requests;
RESET ROLE;
SELECT reason, status FROM ai_value.metric_exceptions ORDER BY reason;

-- decisions
SET ROLE av_owner;
SELECT av_try($$SELECT ai_value.decide_exception(exc_id('pilot team needs the rubric'), true, 'ok')$$) AS owner_decides;
SELECT av_try($$UPDATE ai_value.metric_exceptions SET status = 'approved' WHERE reason = 'pilot team needs the rubric'$$) AS owner_updates;
SET ROLE av_gov;
SELECT (ai_value.decide_exception(exc_id('pilot team needs the rubric'), true, 'pilot for 10 days')
        - 'id' - 'metric_id' - 'decided_at' - 'expires_at') AS approved;
SELECT av_try($$SELECT ai_value.decide_exception(exc_id('pilot team needs the rubric'), false, 'changed my mind')$$) AS decide_again;
SET ROLE av_gov2;
SELECT av_try($$SELECT ai_value.decide_exception(exc_id('pilot team needs the rubric'), true, 'me too')$$) AS second_member;
SELECT (ai_value.decide_exception(exc_id('forced pending'), false, 'no') - 'id' - 'metric_id' - 'decided_at' - 'expires_at') AS rejected;
SELECT av_try($$SELECT ai_value.decide_exception('00000000-0000-0000-0000-000000000000', true, 'x')$$) AS no_such_exception;
SELECT av_try($$SELECT ai_value.decide_exception(NULL, true, 'x')$$) AS null_id;
RESET ROLE;
-- a decider without a principal cannot decide
DELETE FROM ai_value.principals WHERE role_name = 'av_gov2';
SET ROLE av_gov2;
SELECT av_try($$SELECT ai_value.decide_exception(exc_id('just in range'), true, 'x')$$) AS no_principal;
RESET ROLE;
INSERT INTO ai_value.principals (role_name, person_id, display_name)
    VALUES ('av_gov2', '22222222-2222-2222-2222-222222222222', 'Gus Governance');
SELECT reason, status, approved_by, decided_at IS NOT NULL AS decided, decision_note
  FROM ai_value.metric_exceptions ORDER BY reason;

-- separation of duties: a member with both seats cannot decide their own request
SET ROLE av_owner_gov;
SELECT av_try($$SELECT ai_value.post_exception(jsonb_build_object('metric_id', 'a0000000-0000-0000-0000-000000000007', 'reason', 'my own', 'expires_at', now() + interval '3 days'))$$) AS own_request;
SELECT av_try($$SELECT ai_value.decide_exception(exc_id('my own'), true, 'self')$$) AS decide_own;
SELECT av_try($$SELECT ai_value.decide_exception(exc_id('my own'), false, 'self')$$) AS reject_own;
SELECT av_try($$UPDATE ai_value.metric_exceptions SET status = 'approved', approved_by = '66666666-6666-6666-6666-666666666666' WHERE reason = 'my own'$$) AS update_own;
RESET ROLE;
SELECT status FROM ai_value.metric_exceptions WHERE reason = 'my own';

-- direct updates follow the same transitions
SET ROLE av_gov;
SELECT av_try($$UPDATE ai_value.metric_exceptions SET status = 'pending' WHERE reason = 'pilot team needs the rubric'$$) AS approved_to_pending;
SELECT av_try($$UPDATE ai_value.metric_exceptions SET status = 'approved' WHERE reason = 'forced pending'$$) AS rejected_to_approved;
SELECT av_try($$UPDATE ai_value.metric_exceptions SET decision_note = 'rewrite history' WHERE reason = 'forced pending'$$) AS rewrite_note;
RESET ROLE;
SELECT av_try($$UPDATE ai_value.metric_exceptions SET expires_at = expires_at + interval '1 year' WHERE reason = 'pilot team needs the rubric'$$) AS extend_expiry;
SELECT av_try($$UPDATE ai_value.metric_exceptions SET reason = 'other' WHERE reason = 'forced pending'$$) AS change_reason;

-- the active exception lets outcomes in (this metric needs no baseline)
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000007', 3, 4, 'rv:1')$$) AS with_exception;
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000007', 4, 'rv:1b')$$) AS no_baseline_needed;
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000007', 4, E'\t')$$) AS still_needs_evidence;

-- An exception expiring while this session holds a warm cache: accepted
-- before expires_at, refused (AV003) after it, with no job run and no
-- invalidation in between.
SET ROLE av_owner2;
SELECT av_try($$INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at)
    VALUES ('a0000000-0000-0000-0000-000000000005', 'two seconds', now() + interval '2 seconds')$$) AS short_request;
SET ROLE av_gov;
SELECT ai_value.decide_exception(exc_id('two seconds'), true, 'brief') ->> 'status' AS short_decision;
RESET ROLE;
UPDATE ai_value.ai_value_metrics SET status = 'proposed' WHERE metric_key = 'review_quality';
INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale)
    VALUES ('a0000000-0000-0000-0000-000000000005', 'requires_exception', 'Only under exception.');
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000005', 3, 4, 'rv:2')$$) AS before_expiry;
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000005', 3, 4, 'rv:3')$$) AS warm_cache;
SELECT pg_sleep(2.5);
SELECT status FROM ai_value.metric_exceptions WHERE reason = 'two seconds';
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000005', 3, 4, 'rv:4')$$) AS after_expiry;
-- an expired, still-pending request cannot be decided
SET ROLE av_owner2;
INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at)
    VALUES ('a0000000-0000-0000-0000-000000000005', 'one second', now() + interval '1 second');
SELECT pg_sleep(1.1);
SET ROLE av_gov;
SELECT av_try($$SELECT ai_value.decide_exception(exc_id('one second'), true, 'late')$$) AS decide_expired;

-- expire_exceptions: counts and audits each, a second run finds nothing
SET ROLE av_owner;
SELECT av_try('SELECT ai_value.expire_exceptions()') AS owner_expires;
SET ROLE av_gov;
SELECT ai_value.expire_exceptions() AS expired;
SELECT ai_value.expire_exceptions() AS expired_again;
RESET ROLE;
SELECT reason, status FROM ai_value.metric_exceptions ORDER BY reason;
SELECT a.action, a.actor_role, a.old_row ->> 'status' AS old_status, a.new_row ->> 'status' AS new_status, e.reason
  FROM ai_value.audit_log a JOIN ai_value.metric_exceptions e ON e.id::text = a.row_id
 WHERE a.table_name = 'metric_exceptions' AND a.action = 'UPDATE'
 ORDER BY a.id;
-- expired is final
SELECT av_try($$UPDATE ai_value.metric_exceptions SET status = 'approved' WHERE reason = 'two seconds'$$) AS revive;
-- governance may end an exception early
SET ROLE av_gov;
SELECT av_try($$UPDATE ai_value.metric_exceptions SET status = 'expired' WHERE reason = 'pilot team needs the rubric'$$) AS revoke_early;
RESET ROLE;
SELECT av_try($$INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000007', 3, 4, 'rv:5')$$) AS after_revoke;
DROP FUNCTION public.exc_id(text);
