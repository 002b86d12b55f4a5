#!/usr/bin/env bash
# make demo (the README's first command): install what is missing, build,
# install, start a throw-away cluster and play the governance pack's story
# end to end, printing what happened.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
source scripts/ensure-deps.sh
echo "== build and install"
make -s 2>&1 | grep -E 'warning|error' && exit 1
make -s install >/dev/null
echo "== throw-away cluster (pg_virtualenv) and the demo story"
pg_virtualenv -t -v 15 bash -c "psql -X -q -v ON_ERROR_STOP=1 -P pager=off -f '$top/scripts/demo.sql'" 2>&1 \
    | grep -vE '^(Creating new PostgreSQL cluster|Dropping cluster)'
