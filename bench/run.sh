#!/usr/bin/env bash
# make bench: build, install, start a throw-away cluster and print one line per
# SPEC §14 figure (ratio and goal). Everything is measured side by side in one
# run on this machine; absolute times vary, ratios are the point.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
source scripts/ensure-deps.sh
command -v pgbench >/dev/null || { echo "pgbench missing (postgresql-contrib / postgresql-15)"; exit 1; }
make -s >/dev/null && make -s install >/dev/null
mkdir -p bench/out
: >bench/out/figures.txt
pg_virtualenv -t -v 15 -o shared_buffers=2GB -o max_wal_size=16GB -o checkpoint_timeout=30min \
    -o work_mem=64MB -o maintenance_work_mem=512MB -o synchronous_commit=off \
    bash "$top/bench/suite.sh" >bench/out/log.txt 2>&1 || { tail -30 bench/out/log.txt; exit 1; }
cat bench/out/figures.txt
