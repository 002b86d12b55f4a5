#!/usr/bin/env bash
# alerts_listen: an application that LISTENs on ai_value_events (as the README
# shows) receives one JSON payload per new gaming alert, at commit, and
# nothing for a rolled-back insert. psql is the client; when python3 with
# psycopg is present, the README's Python listener is exercised too.
# Runs inside the test cluster's environment (PGHOST/PGPORT/PGUSER).
set -euo pipefail
db=aivalue_alerts_listen
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT
export PGDATABASE=$db
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION aivalue;
INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end)
SELECT 'f0000000-0000-0000-0000-000000000091', 7000, 'model-x', 7,
       '2026-01-05 00:00+00'::timestamptz + k * interval '168 hours',
       '2026-01-05 00:00+00'::timestamptz + (k + 1) * interval '168 hours'
  FROM generate_series(0, 3) k;
SQL
spike() {  # spike <period index> <COMMIT|ROLLBACK>: one line, for psql's \!
    printf "%s" "BEGIN; INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end) VALUES ('f0000000-0000-0000-0000-000000000091', 70000, 'model-x', 70, '2026-01-05 00:00+00'::timestamptz + $1 * interval '168 hours', '2026-01-05 00:00+00'::timestamptz + ($1 + 1) * interval '168 hours'); $2;"
}
id4=$(psql -X -At -c "SELECT md5('token_spike_no_outcome/f0000000-0000-0000-0000-000000000091//2026-02-02T00:00:00Z')::uuid")
expected="{\"event\" : \"gaming_alert\", \"id\" : \"$id4\", \"workflow_id\" : \"f0000000-0000-0000-0000-000000000091\", \"metric_key\" : null, \"alert_type\" : \"token_spike_no_outcome\", \"severity\" : \"high\"}"

# psql listens; another session writes (rolled back, then committed).
out=$(psql -X <<SQL
SELECT 'listener pid ' || pg_backend_pid() AS me;
LISTEN ai_value_events;
\! psql -X -q -c "$(spike 5 ROLLBACK)"
SELECT 'after rollback' AS step;
\! psql -X -q -c "$(spike 4 COMMIT)"
SELECT 'after commit' AS step;
SQL
)
echo "$out"
got=$(echo "$out" | sed -n 's/^Asynchronous notification "ai_value_events" with payload "\(.*\)" received from server process with PID [0-9]*\.$/\1/p')
me=$(echo "$out" | sed -n 's/^ *listener pid \([0-9]*\)$/\1/p')
from=$(echo "$out" | sed -n 's/^Asynchronous notification.*received from server process with PID \([0-9]*\)\.$/\1/p')
[ -n "$me" ] && [ -n "$from" ] && [ "$me" != "$from" ] || { echo "FAIL: the notification must come from the writing session"; exit 1; }
[ "$(echo "$out" | grep -c '^Asynchronous notification')" -eq 1 ] || { echo "FAIL: expected exactly one notification"; exit 1; }
[ "$got" = "$expected" ] || { echo "FAIL: payload"; echo " got:      $got"; echo " expected: $expected"; exit 1; }
echo "ok: psql received $got"

py=""
for cand in python3 /usr/bin/python3; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import psycopg' 2>/dev/null; then py=$cand; break; fi
done
if [ -n "$py" ]; then
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT
    cat >"$tmp/listen.py" <<'PY'
import json, sys, psycopg
with psycopg.connect(autocommit=True) as conn:       # PG* environment
    conn.execute("LISTEN ai_value_events")
    print("listening", flush=True)
    for note in conn.notifies():
        event = json.loads(note.payload)
        print(event["event"], event["alert_type"], event["severity"], event["workflow_id"], flush=True)
        break
PY
    timeout 20 "$py" "$tmp/listen.py" >"$tmp/py.out" 2>&1 &
    pid=$!
    for _ in $(seq 50); do grep -qs listening "$tmp/py.out" && break; sleep 0.1; done
    # period 6 against periods 1-4 (one of them the spike of period 4): 2.86 x, medium
    psql -X -q -c "$(spike 6 COMMIT)"
    wait $pid || { echo "FAIL: python listener"; cat "$tmp/py.out"; exit 1; }
    cat "$tmp/py.out"
    grep -qx 'gaming_alert token_spike_no_outcome medium f0000000-0000-0000-0000-000000000091' "$tmp/py.out" \
        || { echo "FAIL: python listener output"; exit 1; }
    echo "ok: psycopg listener received the alert"
else
    echo "python3 psycopg not installed: Python listener not exercised"
fi
echo "alerts_listen: ok"
