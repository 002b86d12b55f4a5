#!/usr/bin/env bash
# replica_mode: with real logins (what pg_regress and pgTAP cannot do):
# session_replication_role = replica set at connection time (PGOPTIONS)
# switches no guard or audit off for the superuser; a seat login cannot set it
# at all, cannot SET ROLE to a seat it does not hold and cannot disable
# triggers. Runs with PGHOST/PGPORT/PGUSER set to a throw-away cluster
# (superuser). Exits non-zero on any failure.
set -u
db=aivalue_replica_$$
fail=0
su=$(psql -X -At -d postgres -c "SELECT current_user")
bad() { echo "FAIL: $*"; fail=1; }
cleanup() {
    dropdb --if-exists "$db" >/dev/null 2>&1
    psql -X -q -d postgres -c "DROP ROLE IF EXISTS ft_login_gov" -c "DROP ROLE IF EXISTS ft_login_owner" >/dev/null 2>&1
}
trap cleanup EXIT
createdb "$db" || exit 1
psql -X -q -v ON_ERROR_STOP=1 -d "$db" <<'SQL' || { echo "FAIL: setup"; exit 1; }
SET client_min_messages = warning;
CREATE EXTENSION aivalue;
CREATE ROLE ft_login_gov LOGIN PASSWORD 'ft_pw' IN ROLE ai_value_governance;
CREATE ROLE ft_login_owner LOGIN PASSWORD 'ft_pw' IN ROLE ai_value_team_owner;
INSERT INTO ai_value.principals VALUES ('ft_login_gov', '22222222-2222-2222-2222-222222222221', 'Login Governance'),
                                       ('ft_login_owner', '11111111-1111-1111-1111-111111111111', 'Login Owner');
INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, intended_uses)
VALUES ('replica_base_quality', 'Base quality score', 'quality', '{team_improvement}');
SQL

# state <sql as superuser with PGOPTIONS=replica>: prints the SQLSTATE or ok
state() {  # state <user> <pgoptions> <sql>
    local out
    local pw=${PGPASSWORD:-}
    [ "$1" = "$su" ] || pw=ft_pw
    out=$(PGPASSWORD=$pw PGOPTIONS="$2" psql -X -At -U "$1" -d "$db" -v ON_ERROR_STOP=1 -c "$3" 2>&1 >/dev/null) && { echo ok; return; }
    echo "$out" | sed -n 's/.*ERROR: *\([0-9A-Z]\{5\}\):.*/\1/p' | head -1
}
expect() {  # expect <label> <want> <got>
    [ "$3" = "$2" ] && echo "ok     $1 ($3)" || bad "$1: expected $2, got '$3'"
}
export PGAPPNAME=replica_mode_test
R='-c session_replication_role=replica'
V='\set VERBOSITY verbose'

expect "superuser connects with replica" "replica" \
       "$(PGOPTIONS="$R" psql -X -At -d "$db" -c 'SHOW session_replication_role')"
n0=$(psql -X -At -d "$db" -c "SELECT count(*) FROM ai_value.audit_log")
expect "replica: a setting edit" ok "$(state "$su" "$R" "UPDATE ai_value.settings SET value = 45 WHERE key = 'alert_open_days'")"
n1=$(psql -X -At -d "$db" -c "SELECT count(*) FROM ai_value.audit_log")
expect "replica: the edit is audited" 1 "$((n1 - n0))"
for q in "UPDATE ai_value.audit_log SET actor_role = 'nobody'" "DELETE FROM ai_value.audit_log" "TRUNCATE ai_value.audit_log" \
         "TRUNCATE ai_value.settings" "TRUNCATE ai_value.ai_value_metrics CASCADE" \
         "INSERT INTO ai_value.audit_log (actor_role, session_role, action, table_name) VALUES ('x', 'x', 'INSERT', 'x')"; do
    expect "replica superuser: $q" 42501 "$(PGOPTIONS="$R" psql -X -At -d "$db" -c "$V" -c "$q" 2>&1 | sed -n 's/.*ERROR: *\([0-9A-Z]\{5\}\):.*/\1/p' | head -1)"
done
# the same through the session (SET inside, then a write)
expect "replica via SET: audit still append-only" 42501 \
       "$(psql -X -At -d "$db" -c "$V" -c "SET session_replication_role = replica" -c "DELETE FROM ai_value.audit_log" 2>&1 | sed -n 's/.*ERROR: *\([0-9A-Z]\{5\}\):.*/\1/p' | head -1)"
expect "aivalue.restoring=on via PGOPTIONS: UPDATE audit_log still refused" 42501 \
       "$(PGOPTIONS='-c aivalue.restoring=on' psql -X -At -d "$db" -c "$V" -c "UPDATE ai_value.audit_log SET actor_role = 'nobody'" 2>&1 | sed -n 's/.*ERROR: *\([0-9A-Z]\{5\}\):.*/\1/p' | head -1)"

# seat logins
conn=$(PGOPTIONS="$R" PGPASSWORD=ft_pw psql -X -At -U ft_login_gov -d "$db" -c "SELECT 1" 2>&1)
case "$conn" in *'permission denied to set parameter "session_replication_role"'*) echo "ok     a seat cannot connect with replica";;
     *) bad "a seat connecting with replica: $conn";; esac
# aivalue.restoring is superuser-only; set before the module is loaded it is a
# mere placeholder, and restore mode is never granted to a non-superuser:
# audit and actor checks stay on.
out=$(PGPASSWORD=ft_pw PGOPTIONS='-c aivalue.restoring=on' psql -X -At -U ft_login_gov -d "$db" \
        -c "SET aivalue.restoring = on" -c "SELECT ai_value._restoring()" \
        -c "UPDATE ai_value.settings SET value = 44 WHERE key = 'alert_open_days'" 2>&1)
expect "a seat that sets aivalue.restoring is not restoring" "f" "$(echo "$out" | grep -E '^[tf]$' | head -1)"
expect "its write is still audited" "ft_login_gov UPDATE alert_open_days" \
       "$(psql -X -At -d "$db" -c "SELECT actor_role || ' ' || action || ' ' || row_id FROM ai_value.audit_log ORDER BY id DESC LIMIT 1")"
expect "its forged approver is still refused" 42501 \
       "$(PGPASSWORD=ft_pw PGOPTIONS='-c aivalue.restoring=on' psql -X -At -U ft_login_gov -d "$db" -c "$V" -c "SET aivalue.restoring = on" \
          -c "INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale, approved_by) SELECT id, 'allow', 'x', '22222222-2222-2222-2222-222222222222' FROM ai_value.ai_value_metrics LIMIT 1" 2>&1 \
          | sed -n 's/.*ERROR: *\([0-9A-Z]\{5\}\):.*/\1/p' | head -1)"
# a seat that calls itself pg_restore is not restoring either
PGAPPNAME=pg_restore PGPASSWORD=ft_pw psql -X -q -U ft_login_gov -d "$db" -c "UPDATE ai_value.settings SET value = 43 WHERE key = 'alert_open_days'" \
    || bad "governance login named pg_restore cannot edit a setting"
expect "a seat with application_name pg_restore is still audited" "ft_login_gov 43" \
       "$(psql -X -At -d "$db" -c "SELECT actor_role || ' ' || (new_row ->> 'value') FROM ai_value.audit_log ORDER BY id DESC LIMIT 1")"
expect "a team owner cannot SET ROLE to governance" 42501 \
       "$(PGPASSWORD=ft_pw psql -X -At -U ft_login_owner -d "$db" -c "$V" -c "SET ROLE ai_value_governance" 2>&1 | sed -n 's/.*ERROR: *\([0-9A-Z]\{5\}\):.*/\1/p' | head -1)"
expect "a team owner can SET ROLE to its own seat" ok "$(state ft_login_owner "" "SET ROLE ai_value_team_owner")"
expect "governance cannot DISABLE TRIGGER on audit_log" 42501 \
       "$(PGPASSWORD=ft_pw psql -X -At -U ft_login_gov -d "$db" -c "$V" -c "ALTER TABLE ai_value.audit_log DISABLE TRIGGER ALL" 2>&1 | sed -n 's/.*ERROR: *\([0-9A-Z]\{5\}\):.*/\1/p' | head -1)"
expect "governance cannot TRUNCATE activity_terms" 42501 \
       "$(PGPASSWORD=ft_pw psql -X -At -U ft_login_gov -d "$db" -c "$V" -c "TRUNCATE ai_value.activity_terms" 2>&1 | sed -n 's/.*ERROR: *\([0-9A-Z]\{5\}\):.*/\1/p' | head -1)"
# a governance login's write names the login in session_role
PGPASSWORD=ft_pw psql -X -q -U ft_login_gov -d "$db" -c "UPDATE ai_value.settings SET value = 50 WHERE key = 'alert_open_days'" || bad "governance login cannot edit a setting"
expect "audit names the governance login" "ft_login_gov ft_login_gov 22222222-2222-2222-2222-222222222221" \
       "$(psql -X -At -d "$db" -c "SELECT actor_role || ' ' || session_role || ' ' || actor_id FROM ai_value.audit_log ORDER BY id DESC LIMIT 1")"
PGPASSWORD=ft_pw psql -X -q -U ft_login_owner -d "$db" -c "SET ROLE ai_value_team_owner" -c "INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, intended_uses) VALUES ('replica_probe_quality', 'Probe quality score', 'quality', '{team_improvement}')" \
    || bad "team owner login cannot propose a metric through its seat role"
expect "through SET ROLE the audit keeps the login as session_role" "ai_value_team_owner ft_login_owner" \
       "$(psql -X -At -d "$db" -c "SELECT actor_role || ' ' || session_role FROM ai_value.audit_log WHERE table_name = 'ai_value_metrics' ORDER BY id DESC LIMIT 1")"

if [ "$fail" -ne 0 ]; then echo "replica_mode: FAILED"; exit 1; fi
echo "replica_mode: ok"
