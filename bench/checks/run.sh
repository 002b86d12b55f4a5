#!/usr/bin/env bash
# Outcome-check ingest cost and scorecard scaling (issue 4). Run from the repo
# root after `make install`, e.g. under the shared install lock:
#   exec 9>/tmp/aivalue-install.lock; flock 9; make install; bash bench/checks/run.sh
# Each script loads the module in its own backend and then releases fd 9
# (\! flock -u 9), so a concurrent `make install` cannot swap the library
# under a half-started run.
set -eu
cd "$(dirname "$0")"
pg_virtualenv -o shared_buffers=2GB -o max_wal_size=8GB -o checkpoint_timeout=30min bash -c '
  createdb ingest && psql -X -d ingest -f ingest.sql | grep -E "==|Trigger|Execution|Insert on"
  exec 9>/tmp/aivalue-install.lock; flock 9
  createdb small && createdb big
  psql -X -q -d small -f sc_small.sql >/dev/null
  psql -X -q -d big -f sc_big.sql
  for i in 1 2; do psql -X -q -d small -f sc_time.sql; psql -X -q -d big -f sc_time.sql; done
  createdb single && psql -X -q -d single -f single_row.sql | grep -E "twin|Time"
  createdb pgb && psql -X -q -d pgb -f setup.sql
  for f in pgbench_twin pgbench_outcomes; do echo "$f: $(pgbench -n -c 2 -j 2 -T 15 -f $f.sql pgb | grep ^tps)"; done'
