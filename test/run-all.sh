#!/usr/bin/env bash
# The test command (README): installs what it needs, builds with warnings as
# errors, installs, then on a throw-away cluster runs every suite —
# pg_regress (sql/ + expected/), isolation specs (specs/ + expected/), pgTAP
# (test/*.sql via pg_prove) and the shell tests (test/shell/*.sh) — and ends
# with one line "N passed, N failed". Exits non-zero on any failure.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
source "$top/scripts/ensure-deps.sh"

echo "== build (warnings are errors) and install"
make -s clean >/dev/null 2>&1
if ! make -s 2>&1 | tee /tmp/aivalue-build.log | grep -E 'warning|error'; then :; fi
if grep -qiE 'warning:|error:' /tmp/aivalue-build.log || [ ! -f aivalue.so ]; then
    echo "build failed or printed warnings"; echo "0 passed, 1 failed"; exit 1
fi
make -s install >/dev/null || { echo "install failed"; echo "0 passed, 1 failed"; exit 1; }

exec pg_virtualenv -t -v 15 -o 'max_prepared_transactions=10' bash "$top/test/run-suites.sh"
