#!/usr/bin/env bash
# dump_restore: a plain `pg_dump -Fc` of a database with history, restored
# with a plain `pg_restore` (and a plain-format dump through psql with
# aivalue.restoring = on) into an empty database of the same cluster, gives
# identical rows in every table of schema ai_value (audit_log included: the
# restore neither re-runs the gate nor writes audit rows), the same audit
# sequence position, and working guards. Runs with PGHOST/PGPORT/PGUSER set to
# a throw-away cluster (superuser). Exits non-zero on any difference.
set -u
src=aivalue_dump_src_$$
dst=aivalue_dump_dst_$$
work=$(mktemp -d /tmp/aivalue-dump.XXXXXX)
fail=0
psqlq() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
cleanup() {
    dropdb --if-exists "$src" >/dev/null 2>&1
    dropdb --if-exists "$dst" >/dev/null 2>&1
    dropdb --if-exists "${dst}_p" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT
bad() { echo "FAIL: $*"; fail=1; }

createdb "$src" || { echo "FAIL: createdb"; exit 1; }
psqlq -d "$src" >"$work/history.log" 2>&1 <<'SQL' || { cat "$work/history.log"; echo "FAIL: building history"; exit 1; }
SET client_min_messages = warning;
CREATE EXTENSION aivalue;
DO $r$
DECLARE r record;
BEGIN
    FOR r IN SELECT * FROM (VALUES ('av_owner', 'ai_value_team_owner'), ('av_gov', 'ai_value_governance'),
                                   ('av_gov2', 'ai_value_governance'), ('av_fin', 'ai_value_finance'),
                                   ('av_writer', 'ai_value_writer')) v(u, g) LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r.u) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r.u);
        END IF;
        EXECUTE format('GRANT %I TO %I', r.g, r.u);
    END LOOP;
END
$r$;
INSERT INTO ai_value.principals (role_name, person_id, display_name) VALUES
    ('av_owner',  '11111111-1111-1111-1111-111111111111', 'Olivia Owner'),
    ('av_gov',    '22222222-2222-2222-2222-222222222221', 'Grace Governance'),
    ('av_gov2',   '22222222-2222-2222-2222-222222222222', 'Gus Governance'),
    ('av_fin',    '33333333-3333-3333-3333-333333333333', 'Fiona Finance'),
    ('av_writer', '55555555-5555-5555-5555-555555555555', 'Wanda Writer');

-- metrics: approved ones loaded by the DBA, one proposed by a team owner
INSERT INTO ai_value.ai_value_metrics (id, metric_key, metric_name, metric_type, status, formula, data_source,
                                       baseline_required, quality_gate, anti_gaming_check, intended_uses, owner_id)
VALUES ('00000000-0000-0000-0000-0000000000a1', 'review_completion_rate', 'Review completion rate', 'task_completion', 'approved',
        'completed reviews / assigned reviews per week', 'review tracker export', true,
        'reviews pass the checklist sample', 'sampled reviews compared with tracker counts', '{team_improvement}',
        '11111111-1111-1111-1111-111111111111'),
       ('00000000-0000-0000-0000-0000000000a2', 'ticket_time_saved', 'Ticket handling time saved', 'time_saved', 'approved',
        'baseline minutes - observed minutes per ticket', 'helpdesk event log', true,
        'tickets reopened within 7 days excluded', 'self-reported minutes compared with logged minutes', '{team_improvement}',
        '11111111-1111-1111-1111-111111111111');
SET ROLE av_owner;
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, intended_uses, formula, data_source)
VALUES ('release_quality_score', 'Release quality score', 'quality', '{team_improvement}', 'defects per release', 'issue tracker');
RESET ROLE;

-- policy rules by governance
SET ROLE av_gov;
INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale, effective_at)
VALUES ('00000000-0000-0000-0000-0000000000a1', 'allow', 'complete value metric with baseline and evidence', now() - interval '20 days'),
       ('00000000-0000-0000-0000-0000000000a2', 'allow', 'verified against the helpdesk log', now() - interval '20 days');
RESET ROLE;

-- outcomes and diagnostics, by the DBA and by the seats, in several statements
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind)
SELECT ('a0000000-0000-0000-0000-00000000000' || (g % 3 + 1))::uuid, '00000000-0000-0000-0000-0000000000a1',
       0.50, 0.55 + g / 1000.0, 'tracker-' || g, now() - (g || ' hours')::interval, 'system_log'
  FROM generate_series(1, 60) g;
SET ROLE av_writer;
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind)
SELECT 'a0000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a2', 30, 22 - g / 10.0, 'helpdesk-' || g,
       now() - (g || ' days')::interval, CASE WHEN g % 2 = 0 THEN 'self_report' ELSE 'system_log' END::ai_value.evidence_kind
  FROM generate_series(1, 8) g;
RESET ROLE;
INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end, prompt_count, diagnostic_note)
SELECT 'a0000000-0000-0000-0000-000000000001', 7000, 'model-a', 1.40, now() - ((g + 1) * 7 || ' days')::interval,
       now() - (g * 7 || ' days')::interval, 70, 'week ' || g
  FROM generate_series(1, 5) g;
SET ROLE av_fin;
INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end)
VALUES ('a0000000-0000-0000-0000-000000000002', 3500, 'model-b', 0.70, now() - interval '7 days', now());
RESET ROLE;
UPDATE ai_value.ai_workflow_outcomes SET evidence_ref = evidence_ref || '-rev' WHERE evidence_ref IN ('tracker-1', 'tracker-2');
DELETE FROM ai_value.ai_workflow_outcomes WHERE evidence_ref = 'tracker-3';
UPDATE ai_value.token_cost_diagnostics SET diagnostic_note = 'checked' WHERE workflow_id = 'a0000000-0000-0000-0000-000000000002';

-- an exception requested by a team owner, decided by governance
SET ROLE av_owner;
INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at)
VALUES ('00000000-0000-0000-0000-0000000000a1', 'pilot team needs a comparison quarter', now() + interval '30 days');
RESET ROLE;
DO $d$
DECLARE x uuid := (SELECT id FROM ai_value.metric_exceptions LIMIT 1);
BEGIN
    IF to_regprocedure('ai_value.decide_exception(uuid,boolean,text)') IS NOT NULL THEN
        SET LOCAL ROLE av_gov;
        PERFORM ai_value.decide_exception(x, true, 'approved for the pilot');
    ELSE
        UPDATE ai_value.metric_exceptions SET status = 'approved', approved_by = '22222222-2222-2222-2222-222222222221',
               decided_at = now(), decision_note = 'approved for the pilot' WHERE id = x;
    END IF;
END
$d$;
RESET ROLE;

-- alerts (one edited later)
INSERT INTO ai_value.gaming_alerts (workflow_id, alert_type, severity, evidence_json, metric_id)
VALUES ('a0000000-0000-0000-0000-000000000003', 'quality_drop', 'medium', '{"rule": "dump test", "window": "w1"}', '00000000-0000-0000-0000-0000000000a1'),
       (NULL, 'usage_rank_chasing', 'high', '{"rule": "dump test", "window": "w2"}', NULL);
UPDATE ai_value.gaming_alerts SET severity = 'high' WHERE evidence_json ->> 'window' = 'w1';

-- governance edits a setting and the vocabulary (a new term, an edited seed if any)
SET ROLE av_gov;
UPDATE ai_value.settings SET value = 2.5 WHERE key = 'token_spike_ratio';
UPDATE ai_value.settings SET value = 60 WHERE key = 'max_exception_days';
INSERT INTO ai_value.activity_terms (term, category, note) VALUES ('burnrate', 'activity', 'added by governance');
UPDATE ai_value.activity_terms SET note = 'edited by governance'
 WHERE term = (SELECT min(term) FROM ai_value.activity_terms WHERE seeded);
-- a seeded term removed outright, and one edited first and then removed:
-- neither may come back with the restore
DELETE FROM ai_value.activity_terms WHERE term = (SELECT max(term) FROM ai_value.activity_terms WHERE seeded);
UPDATE ai_value.activity_terms SET note = 'about to go'
 WHERE term = (SELECT max(term) FROM ai_value.activity_terms WHERE seeded);
DELETE FROM ai_value.activity_terms WHERE note = 'about to go';
-- a term removed and added again is simply there
INSERT INTO ai_value.activity_terms (term, category, note) VALUES ('churnrate', 'activity', 'added');
DELETE FROM ai_value.activity_terms WHERE term = 'churnrate';
INSERT INTO ai_value.activity_terms (term, category, note) VALUES ('churnrate', 'activity', 'added again');
RESET ROLE;
SQL

# What the source holds (for the log).
psqlq -d "$src" -At -c "SELECT 'source: ' || string_agg(format('%s=%s', c.relname,
        (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM ai_value.%I', c.relname), false, true, '')))[1]::text), ' ' ORDER BY c.relname)
    FROM pg_class c WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind = 'r'"

pg_dump -Fc -f "$work/src.dump" "$src" 2>"$work/dump.err" || { cat "$work/dump.err"; bad "pg_dump failed"; exit 1; }
[ -s "$work/dump.err" ] && { echo "pg_dump said:"; cat "$work/dump.err"; }
createdb "$dst" || { echo "FAIL: createdb $dst"; exit 1; }
if ! pg_restore -d "$dst" "$work/src.dump" 2>"$work/restore.err"; then
    cat "$work/restore.err"; bad "pg_restore exited non-zero"
fi
[ -s "$work/restore.err" ] && { echo "pg_restore said:"; cat "$work/restore.err"; bad "pg_restore printed errors or warnings"; }

# compare <db>: every table of the extension row for row, in a stable order,
# and every sequence position, against the source.
compare() {
    local db=$1 t tables dtables a b
    tables=$(psqlq -d "$src" -At -c "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p') ORDER BY 1")
    dtables=$(psqlq -d "$db" -At -c "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind IN ('r', 'p') ORDER BY 1")
    [ "$tables" = "$dtables" ] || bad "$db has other tables: $(diff <(echo "$tables") <(echo "$dtables") | tr '\n' ' ')"
    ntab=0
    for t in $tables; do
        q="COPY (SELECT * FROM ai_value.\"$t\" x ORDER BY x::text COLLATE \"C\") TO STDOUT"
        psqlq -d "$src" -c "$q" >"$work/$t.src" || bad "cannot read $t in the source"
        psqlq -d "$db" -c "$q" >"$work/$t.$db" || bad "cannot read $t in $db"
        if ! diff -u "$work/$t.src" "$work/$t.$db" >"$work/$t.diff"; then
            bad "$db: table ai_value.$t differs after restore ($(wc -l <"$work/$t.src") rows before, $(wc -l <"$work/$t.$db") after):"
            head -40 "$work/$t.diff"
        else
            echo "same   $db: ai_value.$t ($(wc -l <"$work/$t.src") rows)"
        fi
        ntab=$((ntab + 1))
    done
    [ "$ntab" -ge 10 ] || bad "only $ntab tables compared"
    for t in $(psqlq -d "$src" -At -c "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'ai_value'::regnamespace AND c.relkind = 'S' ORDER BY 1"); do
        a=$(psqlq -d "$src" -At -c "SELECT last_value || '/' || is_called FROM ai_value.\"$t\"")
        b=$(psqlq -d "$db" -At -c "SELECT last_value || '/' || is_called FROM ai_value.\"$t\"")
        [ "$a" = "$b" ] && echo "same   $db: sequence ai_value.$t ($a)" || bad "$db: sequence ai_value.$t: $a before, $b after"
    done
}
compare "$dst"
# the history is really there (a test that compares two empty databases proves nothing)
for t in ai_value_metrics metric_policy_rules ai_workflow_outcomes token_cost_diagnostics gaming_alerts metric_exceptions principals audit_log settings activity_terms; do
    [ -s "$work/$t.src" ] || bad "no rows in ai_value.$t of the source: the test data did not reach it"
done

# A plain SQL dump restored through psql with aivalue.restoring = on (the
# documented psql path) gives the same. (pg_restore -j is not tested: data of
# the extension's tables may load in parallel before the rows their foreign
# keys point to, which fails intermittently; restore serially.)
dstp=${dst}_p
createdb "$dstp" || { echo "FAIL: createdb"; exit 1; }
pg_dump -Fp -f "$work/src.sql" "$src" || bad "pg_dump -Fp failed"
if ! PGOPTIONS='-c aivalue.restoring=on' psql -X -q -v ON_ERROR_STOP=1 -d "$dstp" -f "$work/src.sql" >"$work/restore_p.log" 2>&1; then
    cat "$work/restore_p.log"; bad "psql restore of the plain dump failed"
fi
compare "$dstp"
dropdb "$dstp"

# the guards work in the restored database
check() {  # check <label> <expected: ok or SQLSTATE> <sql>
    local got
    got=$(psqlq -d "$dst" -At <<SQL 2>&1
DO \$c\$
BEGIN
    BEGIN
        EXECUTE \$q\$$3\$q\$;
        RAISE NOTICE 'result:ok';
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'result:%', SQLSTATE;
    END;
END
\$c\$;
SQL
)
    got=$(echo "$got" | sed -n 's/.*result:\(.*\)$/\1/p')
    [ "$got" = "$2" ] && echo "guard  $1: $got" || bad "guard $1: expected $2, got '${got}'"
}
check "superuser UPDATE of audit_log" 42501 "UPDATE ai_value.audit_log SET actor_role = 'nobody'"
check "superuser DELETE of audit_log" 42501 "DELETE FROM ai_value.audit_log"
check "TRUNCATE of audit_log" 42501 "TRUNCATE ai_value.audit_log"
check "TRUNCATE of outcomes" 42501 "TRUNCATE ai_value.ai_workflow_outcomes"
check "hand-written audit row" 42501 "INSERT INTO ai_value.audit_log (actor_role, session_role, action, table_name) VALUES ('x', 'x', 'INSERT', 'x')"
check "forged owner_id" 42501 "SET LOCAL ROLE av_owner; INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, owner_id) VALUES ('forged_owner', 'Forged', 'quality', '22222222-2222-2222-2222-222222222222')"
check "forged approved_by" 42501 "SET LOCAL ROLE av_gov; INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale, approved_by) VALUES ('00000000-0000-0000-0000-0000000000a1', 'allow', 'x', '22222222-2222-2222-2222-222222222222')"
check "team owner choosing status" 42501 "SET LOCAL ROLE av_owner; INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, status) VALUES ('owner_status', 'Forged', 'quality', 'approved')"
check "performance admin reading metrics" 42501 "SET LOCAL ROLE ai_value_performance_admin; SELECT 1 FROM ai_value.ai_value_metrics"
# a new audited write after the restore continues the audit log (no id clash, exactly one row)
before=$(psqlq -d "$dst" -At -c "SELECT count(*) || '/' || max(id) FROM ai_value.audit_log")
psqlq -d "$dst" -c "SET ROLE av_gov; UPDATE ai_value.settings SET value = 3 WHERE key = 'token_spike_ratio'" || bad "governance cannot edit a setting after restore"
after=$(psqlq -d "$dst" -At -c "SELECT count(*) || '/' || max(id) FROM ai_value.audit_log")
last=$(psqlq -d "$dst" -At -c "SELECT actor_role || ' ' || action || ' ' || table_name || ' ' || row_id FROM ai_value.audit_log ORDER BY id DESC LIMIT 1")
n0=${before%/*}; m0=${before#*/}; n1=${after%/*}; m1=${after#*/}
if [ "$n1" -eq $((n0 + 1)) ] && [ "$m1" -gt "$m0" ] && [ "$last" = "av_gov UPDATE settings token_spike_ratio" ]; then
    echo "audit  continues after restore: $before -> $after ($last)"
else
    bad "audit after restore: $before -> $after, last row '$last'"
fi
# every trigger is still ENABLE ALWAYS and every seat privilege is back
x=$(psqlq -d "$dst" -At -c "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = 'ai_value'::regnamespace AND NOT t.tgisinternal AND t.tgenabled <> 'A'")
[ "$x" = 0 ] && echo "same   all triggers ENABLE ALWAYS" || bad "$x triggers not ENABLE ALWAYS after restore"
q="SELECT c.relname || ' ' || COALESCE(c.relacl::text, '-') FROM pg_class c WHERE c.relnamespace = 'ai_value'::regnamespace ORDER BY 1"
if diff <(psqlq -d "$src" -At -c "$q") <(psqlq -d "$dst" -At -c "$q") >"$work/acl.diff"; then echo "same   relation privileges"
else bad "relation privileges differ after restore:"; cat "$work/acl.diff"; fi
q="SELECT nspname || ' ' || COALESCE(nspacl::text, '-') || ' ' || pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'ai_value'"
if diff <(psqlq -d "$src" -At -c "$q") <(psqlq -d "$dst" -At -c "$q") >"$work/nsp.diff"; then echo "same   schema privileges"
else bad "schema privileges differ after restore:"; cat "$work/nsp.diff"; fi

if [ "$fail" -ne 0 ]; then echo "dump_restore: FAILED"; exit 1; fi
echo "dump_restore: ok ($ntab tables identical after pg_restore and after psql with aivalue.restoring)"
