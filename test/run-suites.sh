#!/usr/bin/env bash
# Runs inside pg_virtualenv (PGHOST/PGPORT/PGUSER set to a throw-away cluster).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
log=$(mktemp -d /tmp/aivalue-tests.XXXXXX)
pass=0; fail=0
count() {  # count <file> <ok-regex> <fail-regex>
    local p f
    p=$(grep -cE "$2" "$1"); f=$(grep -cE "$3" "$1")
    pass=$((pass + p)); fail=$((fail + f))
    echo "   -> $p passed, $f failed"
}

echo "== pg_regress"
make -s installcheck ISOLATION= >"$log/regress.out" 2>&1
grep -E '^(test| ) .*\.\.\. ' "$log/regress.out" | sed 's/^/   /'
count "$log/regress.out" '\.\.\. ok' '\.\.\. FAILED|\.\.\. failed'
[ -f regression.diffs ] && { echo "   (diffs: regression.diffs)"; cp regression.diffs "$log/"; head -100 regression.diffs; }

if ls specs/*.spec >/dev/null 2>&1; then
    echo "== isolation"
    make -s installcheck REGRESS= >"$log/isolation.out" 2>&1
    grep -E '^(test| ) .*\.\.\. ' "$log/isolation.out" | sed 's/^/   /'
    count "$log/isolation.out" '\.\.\. ok' '\.\.\. FAILED|\.\.\. failed'
    [ -f output_iso/regression.diffs ] && head -100 output_iso/regression.diffs
fi

if ls test/*.sql >/dev/null 2>&1; then
    echo "== pgTAP"
    psql -X -q -c 'DROP DATABASE IF EXISTS aivalue_tap' -c 'CREATE DATABASE aivalue_tap' postgres >/dev/null
    psql -X -q -d aivalue_tap -c 'CREATE EXTENSION pgtap' -c 'CREATE EXTENSION aivalue' >/dev/null
    pg_prove -v -d aivalue_tap test/*.sql >"$log/pgtap.out" 2>&1
    grep -E '^(not ok|# )' "$log/pgtap.out" | head -40
    grep -E '^test/.*\.\. ' "$log/pgtap.out" | sed 's/^/   /'
    count "$log/pgtap.out" '^ok ' '^not ok '
    # a file that dies before its plan completes is a failure too
    if grep -qE 'Parse errors|Bad plan|Dubious' "$log/pgtap.out"; then
        fail=$((fail + 1)); echo "   -> pgTAP plan error"; grep -E 'Parse errors|Bad plan|Dubious' "$log/pgtap.out"
    fi
fi

if ls test/shell/*.sh >/dev/null 2>&1; then
    echo "== shell tests"
    for t in test/shell/*.sh; do
        if bash "$t" >"$log/$(basename "$t").out" 2>&1; then
            pass=$((pass + 1)); echo "   ok     $t"
        else
            fail=$((fail + 1)); echo "   FAILED $t"; tail -20 "$log/$(basename "$t").out" | sed 's/^/      /'
        fi
    done
fi

echo "logs: $log"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
