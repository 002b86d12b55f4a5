#!/usr/bin/env bash
# replica.sh (issue 8, replicas). Runs inside the throw-away cluster's
# environment. Makes a streaming standby of the test cluster on this machine
# with pg_basebackup (temp directory, free port, started with pg_ctl as the
# cluster's OS user when running as root), waits until it has replayed the
# primary's latest writes, then on the standby: BI reads of
# ai_value.scorecard and ai_value.metric_registry (or the tables, where those
# views are not installed yet) work and match the primary, and every kind of
# write (table INSERT/UPDATE/DELETE, API and governance functions present in
# the catalog) is refused cleanly with SQLSTATE 25006. The standby is removed
# at the end whatever happens. Exits 0 without testing only when a missing
# capability is detected explicitly (wal_level minimal, no WAL senders,
# replication connections refused by pg_hba.conf), and says why.
set -u
db=aivalue_replica_$$
fails=0
bin=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
[ -x "$bin/pg_ctl" ] || bin=/usr/lib/postgresql/15/bin
work=$(mktemp -d /tmp/aivalue-standby.XXXXXX)
chmod 755 "$work"
asuser=()
standby_up=0

cleanup() {
    if [ "$standby_up" = 1 ]; then
        "${asuser[@]}" "$bin/pg_ctl" -D "$work/data" -m immediate -w stop >/dev/null 2>&1
    fi
    rm -rf "$work"
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
}
trap cleanup EXIT

check() {
    if [ "$2" = "$3" ]; then echo "ok   $1 ($3)"; else echo "FAIL $1: expected $2, got $3"; fails=$((fails + 1)); fi
}
skip() { echo "skipped: $*"; exit 0; }
p() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }

# -- capabilities ------------------------------------------------------------
[ "$(psql -X -At -d postgres -c 'SHOW wal_level')" = minimal ] && skip "the test cluster runs with wal_level = minimal"
[ "$(psql -X -At -d postgres -c 'SHOW max_wal_senders')" = 0 ] && skip "the test cluster has max_wal_senders = 0"
[ "$(psql -X -At -d postgres -c 'SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user')" = t ] ||
    skip "the test role cannot open a replication connection"
datadir=$(psql -X -At -d postgres -c 'SHOW data_directory')
owner=$(stat -c %U "$datadir" 2>/dev/null || true)
if [ "$(id -u)" = 0 ]; then
    [ -n "$owner" ] && [ "$owner" != root ] || { echo "FAIL cannot tell which OS user runs the cluster"; exit 1; }
    chown "$owner" "$work"
    asuser=(runuser -u "$owner" --)
fi
port=
for cand in $(seq 55432 55532); do
    if ! (exec 3<>/dev/tcp/127.0.0.1/$cand) 2>/dev/null && [ ! -e "/tmp/.s.PGSQL.$cand" ]; then port=$cand; break; fi
done
[ -n "$port" ] || { echo "FAIL no free port"; exit 1; }

# -- data on the primary -------------------------------------------------------
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null || exit 1
# The regression fixture: the extension, one role per seat and their principals.
p -f "$(dirname "$0")/../fixtures/setup.sql" >/dev/null || exit 1
p <<'SQL' || exit 1
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, status, formula,
        data_source, baseline_required, quality_gate, anti_gaming_check, intended_uses)
VALUES ('ticket_resolution_rate', 'Ticket resolution rate', 'task_completion', 'approved',
        'resolved tickets / opened tickets per week', 'helpdesk system log', true,
        'sampled review of 5% of resolved tickets', 'reopened tickets within 7 days are subtracted',
        '{team_improvement}');
SQL
mid=$(p -c "SELECT id FROM ai_value.ai_value_metrics WHERE metric_key = 'ticket_resolution_rate'")
p -c "SET ROLE av_writer" -c "INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at)
      SELECT ('aaaaaaaa-0000-0000-0000-00000000000' || (i % 3))::uuid, '$mid', 10, 10 + i % 5, 'log:' || i, now() - i * interval '1 hour'
        FROM generate_series(1, 300) i" || exit 1

# -- the standby -----------------------------------------------------------------
echo "== pg_basebackup of the test cluster (port ${PGPORT:-5432}) into $work/data, standby on port $port"
if ! bb=$("${asuser[@]}" env PGPASSWORD="${PGPASSWORD:-}" "$bin/pg_basebackup" -h "${PGHOST:-localhost}" -p "${PGPORT:-5432}" \
            -U "${PGUSER:-postgres}" -D "$work/data" -R -X stream -c fast 2>&1); then
    if echo "$bb" | grep -q 'no pg_hba.conf entry for replication connection'; then
        skip "pg_hba.conf of the test cluster refuses replication connections: $bb"
    fi
    echo "FAIL pg_basebackup: $bb"; exit 1
fi
# Debian clusters keep their configuration outside the data directory: give
# the standby its own, listening only on a socket in the temp directory.
cat >"$work/data/postgresql.conf" <<EOF
port = $port
listen_addresses = ''
unix_socket_directories = '$work'
hot_standby = on
shared_buffers = 16MB
EOF
# a hot standby needs these at least as high as on the primary
psql -X -At -d postgres -c "SELECT name || ' = ' || setting FROM pg_settings
    WHERE name IN ('max_connections', 'max_prepared_transactions', 'max_locks_per_transaction',
                   'max_worker_processes', 'max_wal_senders')" >>"$work/data/postgresql.conf"
echo 'local all all trust' >"$work/data/pg_hba.conf"
: >"$work/data/pg_ident.conf"
[ "$(id -u)" = 0 ] && chown -R "$owner" "$work"
if ! "${asuser[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/standby.log" -w -t 60 start >"$work/pg_ctl.out" 2>&1; then
    cat "$work/pg_ctl.out"
    echo "FAIL the standby did not start"; ls -la "$work" "$work/data"; cat "$work/data/postgresql.auto.conf" "$work/standby.log"; exit 1
fi
standby_up=1
s() { psql -X -q -At -h "$work" -p "$port" -U "${PGUSER:-postgres}" -d "$db" "$@"; }
sstate() {  # SQLSTATE of a statement on the standby, or ok
    local out
    out=$(psql -X -q -At -h "$work" -p "$port" -U "${PGUSER:-postgres}" -d "$db" -c '\set VERBOSITY verbose' -c "$1" 2>&1)
    if echo "$out" | grep -q '^ERROR:'; then echo "$out" | sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p' | head -1; else echo ok; fi
}
check "the standby is in recovery" t "$(s -c 'SELECT pg_is_in_recovery()')"

# writes after the base backup must arrive by streaming
p -c "SET ROLE av_writer" -c "INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref)
      VALUES ('aaaaaaaa-0000-0000-0000-000000000009', '$mid', 1, 3, 'after the base backup')" || exit 1
lsn=$(p -c 'SELECT pg_current_wal_lsn()')
replayed=f
for i in $(seq 1 120); do
    replayed=$(s -c "SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn" 2>/dev/null)
    [ "$replayed" = t ] && break
    sleep 0.5
done
check "the standby replayed the primary's last write" t "$replayed"

# -- BI reads on the standby ---------------------------------------------------------
for view in scorecard metric_registry; do
    if [ "$(p -c "SELECT to_regclass('ai_value.$view') IS NOT NULL")" = t ]; then
        for role in av_perf av_fin av_gov av_owner av_writer; do
            prim=$(p -c "SET ROLE $role" -c "SELECT count(*) || '/' || md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) FROM ai_value.$view t" 2>&1)
            stby=$(s -c "SET ROLE $role" -c "SELECT count(*) || '/' || md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) FROM ai_value.$view t" 2>&1)
            check "$view read by $role on the standby equals the primary" "$prim" "$stby"
        done
    else
        echo "     (ai_value.$view is not installed on this branch)"
    fi
done
for tab in ai_value_metrics ai_workflow_outcomes audit_log metric_policy_rules; do
    prim=$(p -c "SET ROLE av_gov" -c "SELECT count(*) || '/' || md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) FROM ai_value.$tab t")
    stby=$(s -c "SET ROLE av_gov" -c "SELECT count(*) || '/' || md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) FROM ai_value.$tab t")
    check "$tab read by governance on the standby equals the primary" "$prim" "$stby"
done
check "outcomes on the standby" 301 "$(s -c 'SELECT count(*) FROM ai_value.ai_workflow_outcomes')"

# -- writes on the standby are refused with 25006 ----------------------------------------
check "INSERT outcome (writer)" 25006 "$(sstate "SET ROLE av_writer; INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref) VALUES (gen_random_uuid(), '$mid', 1, 2, 'standby')")"
check "COPY into outcomes" 25006 "$(sstate "COPY ai_value.ai_workflow_outcomes (workflow_id, metric_id, observed_value, evidence_ref) FROM PROGRAM 'echo'")"
check "INSERT metric (team owner)" 25006 "$(sstate "SET ROLE av_owner; INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type) VALUES ('standby_metric', 'Standby', 'quality')")"
check "UPDATE metric status (governance)" 25006 "$(sstate "SET ROLE av_gov; UPDATE ai_value.ai_value_metrics SET status = 'blocked'")"
check "UPDATE audit_log (superuser)" 25006 "$(sstate "UPDATE ai_value.audit_log SET actor_role = 'x'")"
check "DELETE outcomes (superuser)" 25006 "$(sstate "DELETE FROM ai_value.ai_workflow_outcomes")"
check "TRUNCATE audit_log (superuser)" 25006 "$(sstate "TRUNCATE ai_value.audit_log")"
# every function of ai_value that writes (not STABLE/IMMUTABLE), called as governance
# with plausible arguments: a clean 25006, or a refusal that comes before any write
fnlist=$(p -c "SELECT p.oid::regprocedure::text || '|' || p.oid::regproc::text || '|' ||
                      COALESCE((SELECT string_agg(CASE WHEN t = 'jsonb'::regtype THEN '''{\"metric_key\": \"ticket_resolution_rate\"}''::jsonb'
                                                       WHEN t = 'text'::regtype THEN '''ticket_resolution_rate'''
                                                       WHEN t = 'timestamptz'::regtype THEN 'now() - interval ''1 day'''
                                                       WHEN t = 'boolean'::regtype THEN 'true'
                                                       ELSE 'NULL::' || format_type(t, NULL) END, ', ' ORDER BY o)
                                 FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY a(t, o)), '')
                 FROM pg_proc p WHERE p.pronamespace = 'ai_value'::regnamespace AND p.prokind = 'f'
                  AND p.provolatile = 'v' AND p.prorettype <> 'trigger'::regtype AND p.proname NOT LIKE '\_%'
                ORDER BY 1")
nf=0
while IFS='|' read -r sig fname args; do
    [ -z "$sig" ] && continue
    nf=$((nf + 1))
    st=$(sstate "SET ROLE av_gov; SELECT $fname($args)")
    case "$st" in
        25006|22023|42501|AV00?|ok) echo "ok   $sig on the standby ($st)";;
        *) echo "FAIL $sig on the standby: $st"; fails=$((fails + 1));;
    esac
done <<<"$fnlist"
echo "     $nf volatile API/governance functions called on the standby"
# the API with payloads that would be accepted on the primary, as the seat that sends them
if [ "$(p -c "SELECT to_regprocedure('ai_value.post_outcome(jsonb)') IS NOT NULL")" = t ]; then
    check "post_outcome (writer, valid payload)" 25006 "$(sstate "SET ROLE av_writer; SELECT ai_value.post_outcome('{\"metric_key\": \"ticket_resolution_rate\", \"workflow_id\": \"aaaaaaaa-0000-0000-0000-000000000001\", \"baseline_value\": 1, \"observed_value\": 2, \"evidence_ref\": \"standby\"}')")"
fi
if [ "$(p -c "SELECT to_regprocedure('ai_value.post_metric(jsonb)') IS NOT NULL")" = t ]; then
    check "post_metric (team owner, valid payload)" 25006 "$(sstate "SET ROLE av_owner; SELECT ai_value.post_metric('{\"metric_key\": \"standby_review_score\", \"metric_name\": \"Standby review score\", \"metric_type\": \"quality\", \"intended_uses\": [\"team_improvement\"]}')")"
fi
if [ "$(p -c "SELECT to_regprocedure('ai_value.post_exception(jsonb)') IS NOT NULL")" = t ]; then
    check "post_exception (team owner, valid payload)" 25006 "$(sstate "SET ROLE av_owner; SELECT ai_value.post_exception(jsonb_build_object('metric_key', 'ticket_resolution_rate', 'reason', 'standby pilot', 'expires_at', (now() + interval '7 days')::text))")"
fi
check "the standby is still up" 1 "$(s -c 'SELECT 1')"
check "nothing written on the primary by the standby's attempts" 301 "$(p -c 'SELECT count(*) FROM ai_value.ai_workflow_outcomes')"

echo "replica: $fails failure(s)"
[ "$fails" -eq 0 ]
