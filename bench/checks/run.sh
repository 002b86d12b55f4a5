#!/usr/bin/env bash
# Per-trigger breakdown of the outcome path (issue 4), complementing the
# ratios of `make bench` (bench/suite.sh, which also covers the scorecard and
# pgbench figures): EXPLAIN ANALYZE of a 1M-row INSERT with every trigger's
# time, and a 20,000-statement single-row loop with triggers switched off one
# at a time. Run from the repo root after `make install`.
set -eu
cd "$(dirname "$0")"
pg_virtualenv -t -o shared_buffers=2GB -o max_wal_size=8GB -o checkpoint_timeout=30min bash -c '
  createdb ingest && psql -X -d ingest -f ingest.sql | grep -E "==|Trigger|Execution|Insert on"
  createdb single && psql -X -q -d single -f single_row.sql | grep -E "twin|Time"'
