#!/usr/bin/env bash
# crash_copy.sh (issue 8, faults). Runs inside the throw-away cluster's
# environment (PGHOST/PGPORT/PGUSER set) and makes its own database.
#  1. A 1,000,000-row COPY into ai_workflow_outcomes is killed with SIGKILL
#     half-way (the postmaster then restarts every backend). After recovery:
#     no row of that statement is visible, audit_log has no entry for it and
#     agrees with the data (sum of INSERT summaries = rows in outcomes), the
#     guards still hold (audit_log UPDATE/DELETE/TRUNCATE refused), and a new
#     COPY works and is audited.
#  2. An exception that expires during a long REPEATABLE READ transaction:
#     the insert after expiry is refused (needs the outcome guard; without
#     it the test says "skipped: no outcome guard").
#  3. Caches warm in another backend: a governance change made in one
#     session is obeyed at once by a session that already wrote; after a
#     cluster restart a new session obeys it too.
# Exits non-zero on any failure.
set -u
db=aivalue_crash_$$
fails=0
tmp=$(mktemp -d /tmp/aivalue-crash.XXXXXX)
bgpid=
cleanup() {
    [ -n "$bgpid" ] && kill "$bgpid" 2>/dev/null
    touch "$tmp/go" 2>/dev/null
    wait 2>/dev/null
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT

q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
# sqlstate "<sql>": the SQLSTATE of the statement's error, or ok
sqlstate() {
    local out
    out=$(psql -X -q -At -d "$db" -c '\set VERBOSITY verbose' -c "$1" 2>&1)
    if echo "$out" | grep -q '^ERROR:'; then
        echo "$out" | sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p' | head -1
    else
        echo ok
    fi
}
check() {  # check <what> <expected> <got>
    if [ "$2" = "$3" ]; then echo "ok   $1 ($3)"; else echo "FAIL $1: expected $2, got $3"; fails=$((fails + 1)); fi
}
wait_up() {
    local i
    for i in $(seq 1 120); do
        psql -X -q -At -d postgres -c 'SELECT 1' >/dev/null 2>&1 && return 0
        sleep 0.5
    done
    return 1
}

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" || exit 1
# The regression fixture: the extension, one role per seat and their principals.
q -f "$(dirname "$0")/../fixtures/setup.sql" >/dev/null || exit 1
q <<'SQL' || exit 1
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, status, formula,
        data_source, baseline_required, quality_gate, anti_gaming_check, intended_uses)
VALUES ('ticket_resolution_rate', 'Ticket resolution rate', 'task_completion', 'approved',
        'resolved tickets / opened tickets per week', 'helpdesk system log', true,
        'sampled review of 5% of resolved tickets', 'reopened tickets within 7 days are subtracted',
        '{team_improvement}');
SQL
mid=$(q -c "SELECT id FROM ai_value.ai_value_metrics WHERE metric_key = 'ticket_resolution_rate'")

gen() {  # gen <from> <to>: COPY text rows for the approved metric
    awk -v a="$1" -v b="$2" -v m="$mid" 'BEGIN {
        for (i = a; i <= b; i++)
            printf "aaaaaaaa-0000-0000-0000-%012d\t%s\t1\t%d\tcopy:%d\n", i % 50, m, 1 + i % 7, i }'
}
copy_sql="COPY ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref) FROM STDIN"

# committed history first, so that "audit agrees with the data" is not 0 = 0
gen 1 1000 | q -c "SET ROLE av_writer" -c "$copy_sql" || { echo "FAIL first COPY"; exit 1; }
q -c "SET ROLE av_writer" -c "INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
      SELECT gen_random_uuid(), '$mid', 1, 2, 'insert:' || i FROM generate_series(1, 3) i" || exit 1
before_rows=$(q -c "SELECT count(*) FROM ai_value.ai_workflow_outcomes")
before_audit=$(q -c "SELECT count(*) FROM ai_value.audit_log WHERE table_name = 'ai_workflow_outcomes'")
check "history before the crash" 1003 "$before_rows"

# ---------------------------------------------------------------- 1. SIGKILL mid-COPY
echo "== 1,000,000-row COPY killed with SIGKILL half-way"
( { gen 1001 500000; while [ ! -f "$tmp/go" ]; do sleep 0.2; done; gen 500001 1000000; } 2>/dev/null |
    PGAPPNAME=av_crash_victim psql -X -q -d "$db" -c "SET ROLE av_writer" -c "$copy_sql" >"$tmp/victim.out" 2>&1 ) &
bgpid=$!
victim=
for i in $(seq 1 ${AV_CRASH_WAIT:-600}); do
    victim=$(q -c "SELECT a.pid FROM pg_stat_activity a JOIN pg_stat_progress_copy p ON p.pid = a.pid
                    WHERE a.application_name = 'av_crash_victim' AND p.tuples_processed >= 400000" 2>/dev/null)
    [ -n "$victim" ] && break
    sleep 0.2
done
if [ -z "$victim" ]; then
    echo "FAIL the COPY never reached half-way"; cat "$tmp/victim.out"; q -c "SELECT pid, application_name, state, left(query, 60) FROM pg_stat_activity WHERE datname = current_database()" -c "SELECT * FROM pg_stat_progress_copy"; exit 1
fi
processed=$(q -c "SELECT tuples_processed FROM pg_stat_progress_copy WHERE pid = $victim")
echo "     backend $victim has processed $processed rows of the COPY; kill -9"
kill -9 "$victim"
touch "$tmp/go"
wait "$bgpid" 2>/dev/null; bgpid=
wait_up || { echo "FAIL the server did not come back after the crash"; exit 1; }
grep -qiE 'terminat|closed the connection|lost' "$tmp/victim.out" && echo "     the COPY's client saw: $(grep -iE 'terminat|closed|lost' "$tmp/victim.out" | head -1)"
check "no row of the killed COPY is visible" "$before_rows" "$(q -c "SELECT count(*) FROM ai_value.ai_workflow_outcomes")"
check "no row with its evidence either" 0 "$(q -c "SELECT count(*) FROM ai_value.ai_workflow_outcomes WHERE evidence_ref LIKE 'copy:%' AND substr(evidence_ref, 6)::int > 1000")"
check "no audit entry for it" "$before_audit" "$(q -c "SELECT count(*) FROM ai_value.audit_log WHERE table_name = 'ai_workflow_outcomes'")"
check "audit INSERT summaries = rows in outcomes" t "$(q -c "SELECT (SELECT COALESCE(sum(row_count), 0) FROM ai_value.audit_log
                                                             WHERE table_name = 'ai_workflow_outcomes' AND action = 'INSERT')
                                                          = (SELECT count(*) FROM ai_value.ai_workflow_outcomes)")"
check "audit_log UPDATE refused" 42501 "$(sqlstate "UPDATE ai_value.audit_log SET actor_role = 'x'")"
check "audit_log DELETE refused" 42501 "$(sqlstate "DELETE FROM ai_value.audit_log")"
check "audit_log TRUNCATE refused" 42501 "$(sqlstate "TRUNCATE ai_value.audit_log")"
check "outcomes TRUNCATE refused" 42501 "$(sqlstate "TRUNCATE ai_value.ai_workflow_outcomes")"
check "triggers still ENABLE ALWAYS" 0 "$(q -c "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                                                  WHERE c.relnamespace = 'ai_value'::regnamespace AND NOT t.tgisinternal AND t.tgenabled <> 'A'")"
gen 2000001 2001000 | q -c "SET ROLE av_writer" -c "$copy_sql" || { echo "FAIL COPY after recovery"; fails=$((fails + 1)); }
check "a COPY after recovery lands" $((before_rows + 1000)) "$(q -c "SELECT count(*) FROM ai_value.ai_workflow_outcomes")"
check "and is audited as one summary of 1000 rows" 1000 "$(q -c "SELECT row_count FROM ai_value.audit_log
                                                                  WHERE table_name = 'ai_workflow_outcomes' ORDER BY id DESC LIMIT 1")"

# ---------------------------------------------------------------- 2. expiry inside a long transaction
echo "== an exception expiring during a long REPEATABLE READ transaction"
has_guard=$(q -c "SELECT count(*) FROM pg_trigger t WHERE t.tgrelid = 'ai_value.ai_workflow_outcomes'::regclass AND t.tgname LIKE 'av\_20\_%'")
if [ "$has_guard" = 0 ]; then
    echo "     skipped: no outcome guard"
else
    q <<'SQL' || { echo "FAIL setting up the exception"; fails=$((fails + 1)); }
SET ROLE av_owner;
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, formula, data_source,
        quality_gate, anti_gaming_check, intended_uses)
VALUES ('pilot_review_score', 'Pilot review score', 'quality', 'mean reviewer score', 'review tool',
        'at least 20 reviews', 'reviewers rotate', '{team_improvement}');
RESET ROLE;
SET ROLE av_gov;
DO $p$
BEGIN
    IF to_regprocedure('ai_value.set_policy(text, ai_value.metric_policy, text)') IS NOT NULL THEN
        PERFORM ai_value.set_policy('pilot_review_score', 'requires_exception', 'pilot only under an exception');
    ELSE
        INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale)
        SELECT id, 'requires_exception', 'pilot only under an exception'
          FROM ai_value.ai_value_metrics WHERE metric_key = 'pilot_review_score';
    END IF;
END $p$;
RESET ROLE;
SET ROLE av_owner;
INSERT INTO ai_value.metric_exceptions (metric_id, reason, expires_at)
SELECT id, 'six-second pilot', clock_timestamp() + interval '6 seconds'
  FROM ai_value.ai_value_metrics WHERE metric_key = 'pilot_review_score';
RESET ROLE;
SET ROLE av_gov;
DO $d$
DECLARE x uuid := (SELECT e.id FROM ai_value.metric_exceptions e WHERE e.reason = 'six-second pilot');
BEGIN
    IF to_regprocedure('ai_value.decide_exception(uuid, boolean, text)') IS NOT NULL THEN
        PERFORM ai_value.decide_exception(x, true, 'ok for six seconds');
    ELSE
        UPDATE ai_value.metric_exceptions SET status = 'approved', approved_by = '22222222-2222-2222-2222-222222222221',
               decided_at = clock_timestamp(), decision_note = 'ok for six seconds' WHERE id = x;
    END IF;
END $d$;
SQL
    out=$(psql -X -q -At -d "$db" 2>&1 <<SQL
\set VERBOSITY verbose
BEGIN ISOLATION LEVEL REPEATABLE READ;
SET ROLE av_writer;
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
SELECT gen_random_uuid(), id, 1, 2, 'before expiry' FROM (SELECT '$(q -c "SELECT id FROM ai_value.ai_value_metrics WHERE metric_key = 'pilot_review_score'")'::uuid AS id) m;
\echo first-insert-done
SELECT pg_sleep(7);
INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
SELECT gen_random_uuid(), id, 1, 2, 'after expiry' FROM (SELECT '$(q -c "SELECT id FROM ai_value.ai_value_metrics WHERE metric_key = 'pilot_review_score'")'::uuid AS id) m;
ROLLBACK;
SQL
)
    first=$(echo "$out" | sed -n '/first-insert-done/q;p' | sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p' | head -1)
    second=$(echo "$out" | sed -n '/first-insert-done/,$p' | sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p' | head -1)
    check "insert while the exception is active" "" "$first"
    check "insert after it expired, same REPEATABLE READ transaction" AV003 "$second"
fi

# ---------------------------------------------------------------- 3. warm caches, restart
echo "== caches warm in another backend; cluster restart"
mkfifo "$tmp/w_in"
psql -X -q -At -d "$db" <"$tmp/w_in" >"$tmp/w_out" 2>&1 &
wpid=$!
exec 7>"$tmp/w_in"
wsend() {  # wsend <tag> <sql>: run in the warm session, then wait for its marker
    echo "$2" >&7
    echo "\\echo MARK-$1" >&7
    for i in $(seq 1 100); do grep -q "MARK-$1" "$tmp/w_out" && return 0; sleep 0.1; done
    return 1
}
echo '\set VERBOSITY verbose' >&7
echo 'SET ROLE av_writer;' >&7
ins="INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref) VALUES (gen_random_uuid(), '$mid', 1, 2, 'warm');"
wsend warm1 "$ins"
wsend warm2 "$ins"
check "warm session writes" 0 "$(grep -c '^ERROR' "$tmp/w_out")"
# governance blocks the metric in another session
q -c "SET ROLE av_gov" -c "DO \$b\$ BEGIN
        IF to_regprocedure('ai_value.block_metric(text, text)') IS NOT NULL THEN
            PERFORM ai_value.block_metric('ticket_resolution_rate', 'blocked while the helpdesk log is audited');
        ELSE
            UPDATE ai_value.ai_value_metrics SET status = 'blocked' WHERE metric_key = 'ticket_resolution_rate';
        END IF; END \$b\$" || { echo "FAIL blocking the metric"; fails=$((fails + 1)); }
wsend warm3 "$ins"
got=$(sed -n '/MARK-warm2/,/MARK-warm3/p' "$tmp/w_out" | sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p' | head -1)
if [ "$has_guard" = 0 ]; then
    echo "     (no outcome guard: the blocked metric is not enforced yet; checking the session still writes)"
    check "warm session after a governance change in another backend" "" "$got"
else
    check "warm session obeys a block made in another backend at once" AV001 "$got"
fi
exec 7>&-
wait "$wpid" 2>/dev/null

cluster=$(pg_lsclusters -h 2>/dev/null | awk -v p="${PGPORT:-5432}" '$3 == p { print $1, $2; exit }')
if [ -n "$cluster" ]; then
    echo "     restarting cluster $cluster"
    pg_ctlcluster $cluster restart -m fast >/dev/null 2>&1 || { echo "FAIL pg_ctlcluster $cluster restart"; fails=$((fails + 1)); }
elif [ -n "${PGDATA:-}" ] && command -v pg_ctl >/dev/null 2>&1; then
    echo "     restarting with pg_ctl -D $PGDATA"
    pg_ctl -D "$PGDATA" -w -m fast restart >/dev/null 2>&1 || { echo "FAIL pg_ctl restart"; fails=$((fails + 1)); }
else
    echo "     skipped restart: cannot find how this cluster is run (no pg_lsclusters entry for port ${PGPORT:-}, no PGDATA)"
    cluster=none
fi
wait_up || { echo "FAIL the server did not come back after the restart"; exit 1; }
want=ok; [ "$has_guard" = 0 ] || want=AV001
check "a new session after the restart obeys the block" "$want" "$(sqlstate "SET ROLE av_writer; $ins")"
check "audit INSERT summaries = rows in outcomes at the end" t "$(q -c "SELECT (SELECT COALESCE(sum(row_count), 0) FROM ai_value.audit_log
                                                             WHERE table_name = 'ai_workflow_outcomes' AND action = 'INSERT')
                                                          = (SELECT count(*) FROM ai_value.ai_workflow_outcomes)")"
check "SELECT 1 works" 1 "$(q -c 'SELECT 1')"

echo "crash_copy: $fails failure(s)"
[ "$fails" -eq 0 ]
