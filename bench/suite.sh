#!/usr/bin/env bash
# Runs inside pg_virtualenv (see bench/run.sh). Prints one line per figure.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
N=${BENCH_ROWS:-1000000}          # ingest rows
BIG=${BENCH_BIG:-10000000}        # "10 million" history / scorecard rows
TRIALS=${BENCH_TRIALS:-3}
export PGDATABASE=aivalue_bench
psql -X -q -d postgres -c "CREATE DATABASE aivalue_bench" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -f bench/setup.sql >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -f bench/reference.sql >/dev/null
q() { psql -X -At -v ON_ERROR_STOP=1 -c "$1"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
fig() { printf "$@" | tee -a bench/out/figures.txt; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a/b}'; }

fig '%s\n' "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(psql -X -At -c 'select version()' | cut -d, -f1)"
fig 'rows per ingest trial: %s, trials: %s (alternated twin / aivalue / PL/pgSQL reference)\n' "$N" "$TRIALS"

reset_all() {
    q "SELECT bench.reset_ext(); TRUNCATE bench.outcomes_twin, bench_ref.outcomes, bench_ref.audit_log, bench_ref.rollups, bench_ref.alerts;" >/dev/null
    q "VACUUM ANALYZE ai_value.ai_value_metrics" >/dev/null
    q "CHECKPOINT" >/dev/null
}

# ---- 1. ingest by INSERT ... SELECT and by COPY --------------------------
q "COPY (SELECT * FROM bench.outcome_rows($N)) TO '/tmp/aivalue_bench_outcomes.copy'" >/dev/null
chmod 644 /tmp/aivalue_bench_outcomes.copy
cols="workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind"
for mode in insert copy; do
    : >bench/out/$mode.twin; : >bench/out/$mode.ext; : >bench/out/$mode.ref
    for t in $(seq "$TRIALS"); do
        for target in twin ext ref; do
            case $target in
                twin) tbl=bench.outcomes_twin ;;
                ext)  tbl=ai_value.ai_workflow_outcomes ;;
                ref)  tbl=bench_ref.outcomes ;;
            esac
            reset_all
            if [ $mode = insert ]; then
                sql="INSERT INTO $tbl ($cols) SELECT * FROM bench.outcome_rows($N)"
            else
                sql="COPY $tbl ($cols) FROM '/tmp/aivalue_bench_outcomes.copy'"
            fi
            q "SELECT bench.ms(\$q\$$sql\$q\$)" >>bench/out/$mode.$target
        done
    done
    twin=$(median <bench/out/$mode.twin); ext=$(median <bench/out/$mode.ext); ref=$(median <bench/out/$mode.ref)
    r=$(ratio "$ext" "$twin")
    ov=$(awk -v e="$ext" -v t="$twin" -v r="$ref" 'BEGIN {printf "%.3f", (e-t)/(r-t)}')
    fig '%-58s %8s   goal <= 1.25   (twin %.0f ms, aivalue %.0f ms)\n' "ingest $N outcomes by ${mode^^}: aivalue / twin" "$r" "$twin" "$ext"
    fig '%-58s %8s   goal <= 0.333  (reference %.0f ms)\n' "ingest by ${mode^^}: aivalue overhead / PL/pgSQL overhead" "$ov" "$ref"
done
reset_all

# ---- 2. single-row inserts, pgbench -M prepared, 2 clients ----------------
for target in twin ext; do
    case $target in twin) tbl=bench.outcomes_twin ;; ext) tbl=ai_value.ai_workflow_outcomes ;; esac
    cat >bench/out/pgbench.$target.sql <<SQL
\set wf random(0, 999)
\set m random(0, 3)
INSERT INTO $tbl (workflow_id, metric_id, baseline_value, observed_value, evidence_ref) VALUES (bench.wf(:wf), ('a0000000-0000-0000-0000-00000000000' || :m)::uuid, 100, 110, 'log');
SQL
    : >bench/out/tps.$target
done
for t in $(seq "$TRIALS"); do
    for target in twin ext; do
        pgbench -n -M prepared -c 2 -j 2 -T "${BENCH_PGBENCH_SECONDS:-10}" -f bench/out/pgbench.$target.sql 2>/dev/null \
            | awk '/^tps/ {print $3}' >>bench/out/tps.$target
    done
done
tt=$(median <bench/out/tps.twin); te=$(median <bench/out/tps.ext)
fig '%-58s %8s   goal >= 0.90   (twin %.0f tps, aivalue %.0f tps)\n' "single-row INSERT, pgbench -M prepared -c 2: aivalue / twin" "$(ratio "$te" "$tt")" "$tt" "$te"
reset_all

# ---- 3. detection cost per diagnostics row: 10 thousand vs 10 million history
# History: 1000 workflows with hourly periods (loaded with triggers off); the
# measured batch adds 5 new periods for each of the 1000 workflows, with and
# without the triggers, inside a rolled-back transaction so history stays put.
diag_history() {  # periods per workflow
    q "SELECT bench.triggers('ai_value.token_cost_diagnostics', false)" >/dev/null
    q "INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end, prompt_count)
       SELECT bench.wf(w), 1000 + (p % 17) * 10, 'model-a', 0.01, timestamptz '2020-01-01' + p * interval '1 hour',
              timestamptz '2020-01-01' + (p + 1) * interval '1 hour', 10
         FROM generate_series(0, $1 - 1) p, generate_series(0, 999) w" >/dev/null
    q "SELECT bench.triggers('ai_value.token_cost_diagnostics', true)" >/dev/null
    q "VACUUM ANALYZE ai_value.token_cost_diagnostics" >/dev/null
}
diag_batch() {  # periods per workflow in history -> ms per row (with triggers) - (without)
    local start=$1 with without
    local ins="INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end, prompt_count)
       SELECT bench.wf(w), CASE WHEN w % 10 = 0 THEN 9000 ELSE 1000 END, 'model-a', 0.01,
              timestamptz '2020-01-01' + p * interval '1 hour', timestamptz '2020-01-01' + (p + 1) * interval '1 hour', 10
         FROM generate_series($start, $start + 4) p, generate_series(0, 999) w"
    : >bench/out/det.with; : >bench/out/det.without
    for t in $(seq 5); do
        psql -X -At -v ON_ERROR_STOP=1 -c "BEGIN" -c "SELECT bench.ms(\$q\$$ins\$q\$)" -c "ROLLBACK" | sed -n 2p >>bench/out/det.with
        psql -X -At -v ON_ERROR_STOP=1 -c "BEGIN" -c "ALTER TABLE ai_value.token_cost_diagnostics DISABLE TRIGGER USER" \
             -c "SELECT bench.ms(\$q\$$ins\$q\$)" -c "ROLLBACK" | sed -n 3p >>bench/out/det.without
    done
    awk -v a="$(median <bench/out/det.with)" -v b="$(median <bench/out/det.without)" 'BEGIN {printf "%.4f", (a-b)/5000}'
}
diag_history 10
small=$(diag_batch 10)
reset_all
diag_history $((BIG / 1000))
large=$(diag_batch $((BIG / 1000)))
fig '%-58s %8s   goal <= 1.2    (%.4f vs %.4f ms per row)\n' "detection per diagnostics row, history ${BIG} / 10000" "$(ratio "$large" "$small")" "$large" "$small"
reset_all

# ---- 4. full scorecard over 100 thousand vs 10 million outcome rows -------
score() {
    : >bench/out/score
    for t in $(seq 5); do q "SELECT bench.ms('SELECT count(*) FROM (SELECT * FROM ai_value.scorecard) s')" >>bench/out/score; done
    median <bench/out/score
}
q "INSERT INTO ai_value.ai_workflow_outcomes ($cols) SELECT * FROM bench.outcome_rows(100000)" >/dev/null
q "VACUUM ANALYZE" >/dev/null
s_small=$(score)
left=$((BIG - 100000))
while [ "$left" -gt 0 ]; do
    chunk=$(( left > 2000000 ? 2000000 : left ))
    q "INSERT INTO ai_value.ai_workflow_outcomes ($cols) SELECT * FROM bench.outcome_rows($chunk)" >/dev/null
    left=$((left - chunk))
done
q "VACUUM ANALYZE" >/dev/null
s_large=$(score)
fig '%-58s %8s   goal <= 2      (%.1f ms vs %.1f ms)\n' "full scorecard, ${BIG} / 100000 outcome rows" "$(ratio "$s_large" "$s_small")" "$s_large" "$s_small"
