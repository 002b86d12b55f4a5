#!/usr/bin/env bash
# Per-row cost of the gaming detectors on token_cost_diagnostics inserts
# (SPEC §14: detection cost per inserted diagnostics row stays flat as
# history grows). Runs against any cluster where aivalue is installed, e.g.
#     make install && pg_virtualenv -t bash bench/alerts_detect.sh
# It creates (and drops) the database aivalue_bench. Knobs (environment):
#   WORKFLOWS=10000 PERIODS=100   bulk load = WORKFLOWS x PERIODS rows, one INSERT
#   BATCH_WORKFLOWS=2500           batch = one new period for each of these workflows
#                                  (history is spread over them: >= 4 periods each)
#   HISTORIES="10000 10000000"     history sizes the batch is measured against
#   REPEAT=7                       batch repetitions (median reported)
#   BULK_HISTORY=10000000          the bulk load again on top of this much history
#                                  (WORKFLOWS x BULK_HISTORY/WORKFLOWS earlier periods); 0 = skip
#   BULK=1 SCALING=1 OUTCOMES=1    which parts to run
#   OUTCOME_ROWS=1000000           outcome load (4 approved metrics, one of each
#                                  value type; quality drops and self-reports included)
# "detection" = the av_80_detect trigger; "off" = the same load with only
# that trigger disabled (audit, actor and every other trigger stay on).
set -euo pipefail
W=${WORKFLOWS:-10000}; P=${PERIODS:-100}; BW=${BATCH_WORKFLOWS:-2500}
HISTORIES=${HISTORIES:-"10000 10000000"}; REPEAT=${REPEAT:-7}
db=aivalue_bench
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }

fresh_db() {
    psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    psql_db -c "SET client_min_messages = warning" -c "CREATE EXTENSION aivalue"
}

# rows(first_workflow, workflows, first_period, periods): deterministic load,
# ~1 % token spikes and ~1 % prompt spikes, 7-day periods.
rows_sql() {
    cat <<SQL
SELECT md5('wf' || w)::uuid,
       CASE WHEN (w * 7 + p) % 97 = 0 THEN 30000 ELSE 7000 + (w + p) % 500 END, 'model-x', 1,
       '2020-01-06 00:00+00'::timestamptz + p * interval '168 hours',
       '2020-01-06 00:00+00'::timestamptz + (p + 1) * interval '168 hours',
       CASE WHEN (w * 3 + p) % 89 = 0 THEN 300 ELSE 70 + (w + p) % 7 END
  FROM generate_series($1, $1 + $2 - 1) w, generate_series($3, $3 + $4 - 1) p
SQL
}
INS="INSERT INTO ai_value.token_cost_diagnostics (workflow_id, token_count, model, cost, period_start, period_end, prompt_count)"

# timed_insert <with|off> <rows sql>: one INSERT in its own transaction,
# rolled back when ROLLBACK_AFTER=1; prints milliseconds.
timed_insert() {
    local mode=$1 sel=$2 disable="" end="COMMIT"
    [ "$mode" = off ] && disable="ALTER TABLE ai_value.token_cost_diagnostics DISABLE TRIGGER av_80_detect;"
    [ "${ROLLBACK_AFTER:-0}" = 1 ] && end="ROLLBACK"
    psql_db -c "CHECKPOINT" >/dev/null
    # A rolled-back one-row insert first: the detectors' plans are prepared
    # once per backend, so the timed statement measures the steady state.
    psql_db 2>&1 <<SQL | sed -n 's/.*elapsed_ms=//p'
BEGIN;
$INS $(rows_sql 999999 1 0 1);
ROLLBACK;
BEGIN;
$disable
$(TIMED_DO "$INS $sel")
$end;
SQL
}
# Backend CPU time (ns) from /proc/self/schedstat when readable (superuser,
# Linux): the machine may be shared, and CPU time is what detection adds.
TIMED_DO() {  # TIMED_DO <statement>: a DO block printing "wall_ms cpu_ms"
    cat <<SQL
DO \$\$ DECLARE t0 timestamptz; c0 bigint; c1 bigint;
BEGIN
  BEGIN c0 := split_part(pg_read_file('/proc/self/schedstat'), ' ', 1)::bigint;
  EXCEPTION WHEN OTHERS THEN c0 := NULL; END;
  t0 := clock_timestamp();
  $1;
  BEGIN c1 := split_part(pg_read_file('/proc/self/schedstat'), ' ', 1)::bigint;
  EXCEPTION WHEN OTHERS THEN c1 := NULL; END;
  RAISE NOTICE 'elapsed_ms=% %', round(extract(epoch FROM clock_timestamp() - t0) * 1000, 1),
      COALESCE(round((c1 - c0) / 1e6, 1), round(extract(epoch FROM clock_timestamp() - t0) * 1000, 1));
END \$\$;
SQL
}
# summarize <file of "mode wall cpu" lines> <rows>: medians and per-row cost.
summarize() {
    local ww wo cw co
    ww=$(awk '$1=="with"{print $2}' "$1" | median); wo=$(awk '$1=="off"{print $2}' "$1" | median)
    cw=$(awk '$1=="with"{print $3}' "$1" | median); co=$(awk '$1=="off"{print $3}' "$1" | median)
    awk -v ww="$ww" -v wo="$wo" -v cw="$cw" -v co="$co" -v n="$2" 'BEGIN {
        printf "wall %.1f vs %.1f ms, backend CPU %.1f vs %.1f ms (with vs without detection); detection %.2f us/row CPU (%.2f wall), +%.0f %% CPU\n",
               ww, wo, cw, co, (cw - co) * 1000 / n, (ww - wo) * 1000 / n, (cw - co) * 100 / co }'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

if [ "${BULK:-1}" = 1 ]; then
    echo "== bulk load: $W workflows x $P periods = $((W * P)) rows in one INSERT"
    for round in 1 2; do
        for mode in with off; do
            fresh_db
            ms=$(timed_insert $mode "$(rows_sql 1 $W 0 $P)")
            alerts=$(psql_db -Atc "SELECT count(*) FROM ai_value.gaming_alerts")
            echo "round $round detection=$mode: wall/cpu ms ${ms}, alerts=$alerts"
            echo "$mode $ms" >>/tmp/aivalue-bench-bulk.$$
        done
    done
    echo "bulk ($((W * P)) rows) into an empty table: $(summarize /tmp/aivalue-bench-bulk.$$ $((W * P)))"
    cw0=$(awk '$1=="with"{print $3}' /tmp/aivalue-bench-bulk.$$ | median); co0=$(awk '$1=="off"{print $3}' /tmp/aivalue-bench-bulk.$$ | median)
    rm -f /tmp/aivalue-bench-bulk.$$
    BH=${BULK_HISTORY:-10000000}
    if [ "$BH" -gt 0 ]; then
        hp=$(( BH / W ))
        fresh_db
        psql_db -c "SET aivalue.restoring = on" -c "$INS $(rows_sql 1 $W 0 $hp)" -c "RESET aivalue.restoring"
        psql_db -c "VACUUM ANALYZE ai_value.token_cost_diagnostics"
        n=$(psql_db -Atc "SELECT count(*) FROM ai_value.token_cost_diagnostics")
        for round in 1 2; do
            for mode in with off; do
                ms=$(ROLLBACK_AFTER=1 timed_insert $mode "$(rows_sql 1 $W $hp $P)")
                echo "round $round on $n rows of history, detection=$mode: wall/cpu ms ${ms}"
                echo "$mode $ms" >>/tmp/aivalue-bench-bulk.$$
                psql_db -c "VACUUM ai_value.token_cost_diagnostics"   # the rolled-back rows
            done
        done
        echo "bulk ($((W * P)) rows) on $n rows of history: $(summarize /tmp/aivalue-bench-bulk.$$ $((W * P)))"
        cw1=$(awk '$1=="with"{print $3}' /tmp/aivalue-bench-bulk.$$ | median); co1=$(awk '$1=="off"{print $3}' /tmp/aivalue-bench-bulk.$$ | median)
        rm -f /tmp/aivalue-bench-bulk.$$
        awk -v a="$cw0" -v b="$co0" -v c="$cw1" -v d="$co1" 'BEGIN {
            printf "ratio of per-row detection CPU cost, bulk load on %s rows of history vs empty: %.2f\n", "'"$n"'", (c - d) / (a - b) }'
    fi
fi

if [ "${SCALING:-1}" = 1 ]; then
    echo "== batch of $BW rows (one new period for each of $BW workflows) against growing history"
    for H in $HISTORIES; do
        per=$(( (H + BW - 1) / BW ))
        fresh_db
        # History goes in as a restore would (detectors and audit step aside).
        psql_db -c "SET aivalue.restoring = on" -c "$INS $(rows_sql 1 $BW 0 $per)" -c "RESET aivalue.restoring"
        psql_db -c "VACUUM ANALYZE ai_value.token_cost_diagnostics"
        n=$(psql_db -Atc "SELECT count(*) FROM ai_value.token_cost_diagnostics")
        : >/tmp/aivalue-bench-batch.$$
        for i in $(seq 1 "$REPEAT"); do
            for mode in with off; do
                ms=$(ROLLBACK_AFTER=1 timed_insert $mode "$(rows_sql 1 $BW $per 1)")
                echo "$mode $ms" >>/tmp/aivalue-bench-batch.$$
            done
        done
        line="history $n rows, batch $BW rows: $(summarize /tmp/aivalue-bench-batch.$$ $BW)"
        echo "$line"
        cw=$(awk '$1=="with"{print $3}' /tmp/aivalue-bench-batch.$$ | median); co=$(awk '$1=="off"{print $3}' /tmp/aivalue-bench-batch.$$ | median)
        echo "$cw $co" >>/tmp/aivalue-bench-ratio.$$
    done
    rm -f /tmp/aivalue-bench-batch.$$
    awk -v n="$BW" 'NR==1 {f=($1-$2)*1000/n} END {l=($1-$2)*1000/n; printf "ratio largest/smallest history (per-row detection CPU cost): %.2f\n", l/f}' /tmp/aivalue-bench-ratio.$$
    rm -f /tmp/aivalue-bench-ratio.$$
fi
if [ "${OUTCOMES:-1}" = 1 ]; then
    N=${OUTCOME_ROWS:-1000000}
    echo "== outcome load: $N rows in one INSERT (quality_drop and self_report_mismatch detectors)"
    OINS="INSERT INTO ai_value.ai_workflow_outcomes (workflow_id, metric_id, baseline_value, observed_value, evidence_ref, measured_at, evidence_kind)"
    OSEL="SELECT md5('wf' || (i % 10000))::uuid, ('a0000000-0000-0000-0000-00000000000' || (1 + i % 4))::uuid,
       100, CASE WHEN i % 4 = 2 AND i % 53 = 0 THEN 80 WHEN i % 4 = 1 AND i % 3 = 0 THEN 170 ELSE 100 + i % 13 END, 'ref', '2020-01-06 00:00+00'::timestamptz + (i / 10000) * interval '8 hours',
       (CASE WHEN i % 4 = 1 AND i % 3 = 0 THEN 'self_report' WHEN i % 5 = 0 THEN 'sampled_review' ELSE 'system_log' END)::ai_value.evidence_kind
  FROM generate_series(1, $N) i"
    : >/tmp/aivalue-bench-out.$$
    for round in 1 2; do
        for mode in with off; do
            fresh_db
            psql_db -c "INSERT INTO ai_value.ai_value_metrics (id, metric_key, metric_name, metric_type, status, formula, data_source, baseline_required, quality_gate, anti_gaming_check)
                SELECT ('a0000000-0000-0000-0000-00000000000' || k)::uuid, t || '_bench', t || ' bench', t::ai_value.metric_type, 'approved',
                       'f', 'd', true, 'q', 'a'
                  FROM (VALUES (1, 'task_completion'), (2, 'time_saved'), (3, 'quality'), (4, 'customer_satisfaction')) v(k, t)" >/dev/null
            dis=""; [ $mode = off ] && dis="ALTER TABLE ai_value.ai_workflow_outcomes DISABLE TRIGGER av_80_detect;"
            psql_db -c "CHECKPOINT" >/dev/null
            ms=$(psql_db 2>&1 <<SQL | sed -n 's/.*elapsed_ms=//p'
BEGIN;
$dis
$(TIMED_DO "$OINS $OSEL")
COMMIT;
SQL
)
            alerts=$(psql_db -Atc "SELECT string_agg(alert_type || '=' || n, ' ') FROM (SELECT alert_type, count(*) n FROM ai_value.gaming_alerts GROUP BY 1 ORDER BY 1) a")
            echo "round $round detection=$mode: wall/cpu ms ${ms}, alerts: ${alerts:-none}"
            echo "$mode $ms" >>/tmp/aivalue-bench-out.$$
        done
    done
    echo "outcomes ($N rows): $(summarize /tmp/aivalue-bench-out.$$ $N)"
    rm -f /tmp/aivalue-bench-out.$$
fi
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db"
