/*
 * alerts.c — the gaming detectors of SPEC §7 that read outcomes and
 * diagnostics (usage_rank_chasing is raised by the gate). Owns:
 *  - av_detect_trigger: AFTER INSERT ... FOR EACH STATEMENT with the
 *    transition table av_new on token_cost_diagnostics and
 *    ai_workflow_outcomes. Each detector runs once per statement as one
 *    set-based INSERT ... SELECT over the inserted rows, whose look-backs are
 *    index scans per source row (cost per row does not grow with history).
 *  - av_detect_gaming: ai_value.detect_gaming(since), the same SQL over the
 *    stored rows since a point in time, for late data and rows written while
 *    the detectors stood aside (restore mode).
 * Each detector's SQL is written once (a template whose only variable is the
 * relation its source rows come from), so both paths judge alike. Alerts are
 * deduplicated by gaming_alerts_dedup_idx with ON CONFLICT DO NOTHING, which
 * also holds for concurrent writers; an alert's id is the md5 of its dedup
 * key (a name-based uuid), so the same alert always has the same id.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/uuid.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "aivalue.h"

/* Operators are always pg_catalog's, whatever the caller's search_path. */
#define OP(o) " OPERATOR(pg_catalog." o ") "

/* Count per day of a diagnostics row, as numeric (one EXTRACT: hot path). */
#define PER_DAY(a, col) "(" a "." col OP("*") "86400" OP("/") \
	"EXTRACT(EPOCH FROM (" a ".period_end" OP("-") a ".period_start)))"

/* Canonical UTC renderings: the dedup window must not depend on TimeZone. */
#define ISO_UTC(x) "pg_catalog.to_char((" x ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define DAY_UTC(x) "pg_catalog.to_char((" x ") AT TIME ZONE 'UTC', 'YYYY-MM-DD')"

/*
 * x days as an absolute interval (24-hour days, so a trailing window does not
 * depend on the session TimeZone); OPERATOR() binds left to right, so the
 * macro parenthesises.
 */
#define DAYS_IVL(x) "(" x OP("*") "'86400 seconds'::pg_catalog.interval)"

#define ZERO_UUID "'00000000-0000-0000-0000-000000000000'::pg_catalog.uuid"

/* Value improvement over baseline, as the scorecard judges it. */
#define IMPROVEMENT(o) \
	"((pg_catalog.avg(" o ".observed_value)" OP("-") "pg_catalog.avg(" o ".baseline_value))" OP("/") \
	"NULLIF(pg_catalog.abs(pg_catalog.avg(" o ".baseline_value)), 0)" OP("*") "100)"

/* Self-reported time saved never counts as a measured value (SPEC §10). */
#define NOT_SELF_REPORTED_TIME(m, o) \
	" NOT (" m ".metric_type" OP("=") "'time_saved'::ai_value.metric_type AND " \
	o ".evidence_kind" OP("=") "'self_report'::ai_value.evidence_kind) "

/*
 * INSERT head and tail shared by every detector: the select list must give
 * workflow_id, alert_type, severity, evidence_json, metric_id. The conflict
 * target repeats gaming_alerts_dedup_idx's expressions exactly.
 */
#define ALERT_INSERT \
	"INSERT INTO ai_value.gaming_alerts AS ga (id, workflow_id, alert_type, severity, evidence_json, metric_id) " \
	"SELECT pg_catalog.md5(a.alert_type::pg_catalog.text" OP("||") "'/'" OP("||") \
	"COALESCE(a.workflow_id::pg_catalog.text, '')" OP("||") "'/'" OP("||") \
	"COALESCE(a.metric_id::pg_catalog.text, '')" OP("||") "'/'" OP("||") \
	"(a.evidence_json" OP("->>") "'window'))::pg_catalog.uuid, " \
	"a.workflow_id, a.alert_type, a.severity, a.evidence_json, a.metric_id FROM ("
#define ALERT_CONFLICT \
	") a ON CONFLICT (alert_type, COALESCE(workflow_id, " ZERO_UUID "), " \
	"COALESCE(metric_id, " ZERO_UUID "), COALESCE(evidence_json" OP("->>") "'window', '')) DO NOTHING"

/*
 * Spike detectors (token_spike_no_outcome, prompt_spike_no_quality).
 * %1$s source relation, %2$s count column, %3$s alert type, %4$s settings
 * prefix, %5$s metric types judged (array literal), %6$s rate unit.
 * Per source row only the baseline average (backward scan of
 * token_cost_diagnostics_workflow_idx, LIMIT); the outcomes of the period
 * (ai_workflow_outcomes_workflow_idx) and the history ids for the evidence
 * are read for spikes only (sp is MATERIALIZED so that the planner cannot
 * move the outcome look-up before the spike filter).
 */
static const char *const spike_sql =
"WITH s AS ("
"  SELECT pg_catalog.max(st.value) FILTER (WHERE st.key" OP("=") "'%4$s_ratio') AS t_ratio,"
"         pg_catalog.max(st.value) FILTER (WHERE st.key" OP("=") "'%4$s_high_ratio') AS t_high,"
"         pg_catalog.max(st.value) FILTER (WHERE st.key" OP("=") "'spike_lookback_periods') AS t_lookback,"
"         pg_catalog.max(st.value) FILTER (WHERE st.key" OP("=") "'min_improvement_pct') AS t_min_imp"
"    FROM ai_value.settings st),"
" sp AS MATERIALIZED ("
"  SELECT n.id, n.workflow_id, n.period_start, n.period_end,"
"         " PER_DAY("n", "%2$s") " AS rate, h.base_rate,"
"         s.t_ratio, s.t_high, s.t_lookback, s.t_min_imp"
"    FROM %1$s n CROSS JOIN s"
"    CROSS JOIN LATERAL ("
"      SELECT pg_catalog.avg" PER_DAY("p", "%2$s") " AS base_rate"
"        FROM (SELECT p.%2$s, p.period_start, p.period_end"
"                FROM ai_value.token_cost_diagnostics p"
"               WHERE p.workflow_id" OP("=") "n.workflow_id"
"                 AND p.period_start" OP("<") "n.period_start"
"                 AND p.%2$s IS NOT NULL"
"               ORDER BY p.period_start DESC"
"               LIMIT s.t_lookback::pg_catalog.int8) p) h"
"   WHERE n.%2$s IS NOT NULL"
"     AND h.base_rate" OP(">") "0"
"     AND " PER_DAY("n", "%2$s") OP(">=") "(s.t_ratio" OP("*") "h.base_rate)),"
" v AS ("
"  SELECT sp.*, i.best_imp, i.measured,"
"         " ISO_UTC("sp.period_start") " AS win"
"    FROM sp CROSS JOIN LATERAL ("
"      SELECT pg_catalog.max(x.imp) AS best_imp, pg_catalog.count(x.imp) AS measured"
"        FROM (SELECT " IMPROVEMENT("o") " AS imp"
"                FROM ai_value.ai_workflow_outcomes o"
"                JOIN ai_value.ai_value_metrics m ON m.id" OP("=") "o.metric_id"
"               WHERE o.workflow_id" OP("=") "sp.workflow_id"
"                 AND o.measured_at" OP(">=") "sp.period_start"
"                 AND o.measured_at" OP("<") "sp.period_end"
"                 AND m.status" OP("=") "'approved'::ai_value.metric_status"
"                 AND m.metric_type" OP("=") "ANY ('%5$s'::ai_value.metric_type[])"
"                 AND " NOT_SELF_REPORTED_TIME("m", "o")
"               GROUP BY o.metric_id) x) i"
"   WHERE i.best_imp IS NULL OR i.best_imp" OP("<") "sp.t_min_imp)"
ALERT_INSERT
"  SELECT DISTINCT ON (v.workflow_id, v.win)"
"         v.workflow_id, '%3$s'::ai_value.gaming_alert_type AS alert_type,"
"         (CASE WHEN v.rate" OP(">=") "(v.t_high" OP("*") "v.base_rate) THEN 'high' ELSE 'medium' END)::ai_value.alert_severity AS severity,"
"         pg_catalog.jsonb_build_object("
"           'rule', '%3$s', 'window', v.win,"
"           'threshold', v.t_ratio, 'high_threshold', v.t_high,"
"           'min_improvement_pct', v.t_min_imp, 'lookback_periods', v.t_lookback,"
"           'period_start', " ISO_UTC("v.period_start") ", 'period_end', " ISO_UTC("v.period_end") ","
"           'rate_unit', '%6$s',"
"           'rate', pg_catalog.round(v.rate, 4), 'baseline_rate', pg_catalog.round(v.base_rate, 4),"
"           'ratio', pg_catalog.round(v.rate" OP("/") "v.base_rate, 4),"
"           'improvement_pct', pg_catalog.round(v.best_imp, 4), 'metrics_measured', v.measured,"
"           'row_ids', pg_catalog.jsonb_build_array(v.id),"
"           'history_ids', (SELECT pg_catalog.jsonb_agg(p.id ORDER BY p.period_start, p.id)"
"              FROM (SELECT p.id, p.period_start FROM ai_value.token_cost_diagnostics p"
"                     WHERE p.workflow_id" OP("=") "v.workflow_id"
"                       AND p.period_start" OP("<") "v.period_start"
"                       AND p.%2$s IS NOT NULL"
"                     ORDER BY p.period_start DESC"
"                     LIMIT v.t_lookback::pg_catalog.int8) p)) AS evidence_json,"
"         NULL::pg_catalog.uuid AS metric_id"
"    FROM v"
"   ORDER BY v.workflow_id, v.win, v.rate" OP("/") "v.base_rate DESC, v.id"
ALERT_CONFLICT;

/*
 * quality_drop. %1$s source relation (outcome rows). One alert per
 * (workflow, quality metric, UTC day of measured_at): the worst drop of the
 * day's inserted rows, with all of them as row_ids. The trailing rise of
 * task_completion / time_saved is looked up once per alert, not per row.
 */
static const char *const quality_sql =
"WITH s AS ("
"  SELECT pg_catalog.max(st.value) FILTER (WHERE st.key" OP("=") "'quality_drop_pct') AS t_drop,"
"         pg_catalog.max(st.value) FILTER (WHERE st.key" OP("=") "'quality_drop_high_rise_pct') AS t_rise,"
"         pg_catalog.max(st.value) FILTER (WHERE st.key" OP("=") "'quality_drop_trailing_days') AS t_days"
"    FROM ai_value.settings st),"
" q AS ("
"  SELECT n.id, n.workflow_id, n.metric_id, n.measured_at, n.baseline_value, n.observed_value,"
"         (n.baseline_value" OP("-") "n.observed_value)" OP("/") "pg_catalog.abs(n.baseline_value)" OP("*") "100 AS drop_pct,"
"         " DAY_UTC("n.measured_at") " AS win, s.t_drop, s.t_rise, s.t_days"
"    FROM %1$s n CROSS JOIN s"
"    JOIN ai_value.ai_value_metrics m ON m.id" OP("=") "n.metric_id"
"   WHERE m.metric_type" OP("=") "'quality'::ai_value.metric_type"
"     AND n.baseline_value" OP("<>") "0"
"     AND ((n.baseline_value" OP("-") "n.observed_value)" OP("/") "pg_catalog.abs(n.baseline_value)" OP("*") "100)" OP(">=") "s.t_drop),"
" w AS ("
"  SELECT DISTINCT ON (q.workflow_id, q.metric_id, q.win) q.*,"
"         pg_catalog.array_agg(q.id) OVER (PARTITION BY q.workflow_id, q.metric_id, q.win ORDER BY q.id"
"             ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS row_ids"
"    FROM q"
"   ORDER BY q.workflow_id, q.metric_id, q.win, q.drop_pct DESC, q.id)"
ALERT_INSERT
"  SELECT w.workflow_id, 'quality_drop'::ai_value.gaming_alert_type AS alert_type,"
"         (CASE WHEN r.best_rise" OP(">=") "w.t_rise THEN 'high' ELSE 'medium' END)::ai_value.alert_severity AS severity,"
"         pg_catalog.jsonb_build_object("
"           'rule', 'quality_drop', 'window', w.win,"
"           'threshold', w.t_drop, 'high_rise_threshold', w.t_rise, 'trailing_days', w.t_days,"
"           'measured_at', " ISO_UTC("w.measured_at") ","
"           'baseline_value', w.baseline_value, 'observed_value', w.observed_value,"
"           'drop_pct', pg_catalog.round(w.drop_pct, 4),"
"           'rise_pct', pg_catalog.round(r.best_rise, 4), 'rise', COALESCE(r.detail, '[]'::pg_catalog.jsonb),"
"           'row_ids', pg_catalog.to_jsonb(w.row_ids)) AS evidence_json,"
"         w.metric_id"
"    FROM w CROSS JOIN LATERAL ("
"      SELECT pg_catalog.max(x.imp) AS best_rise,"
"             pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('metric_id', x.metric_id,"
"                 'improvement_pct', pg_catalog.round(x.imp, 4), 'outcome_ids', pg_catalog.to_jsonb(x.ids))"
"                 ORDER BY x.metric_id) AS detail"
"        FROM (SELECT o.metric_id, " IMPROVEMENT("o") " AS imp,"
"                     pg_catalog.array_agg(o.id ORDER BY o.measured_at, o.id) AS ids"
"                FROM ai_value.ai_workflow_outcomes o"
"                JOIN ai_value.ai_value_metrics m ON m.id" OP("=") "o.metric_id"
"               WHERE o.workflow_id" OP("=") "w.workflow_id"
"                 AND o.measured_at" OP(">") "(w.measured_at" OP("-") DAYS_IVL("w.t_days") ")"
"                 AND o.measured_at" OP("<=") "w.measured_at"
"                 AND m.status" OP("=") "'approved'::ai_value.metric_status"
"                 AND m.metric_type" OP("=") "ANY ('{task_completion,time_saved}'::ai_value.metric_type[])"
"                 AND " NOT_SELF_REPORTED_TIME("m", "o")
"               GROUP BY o.metric_id) x) r"
ALERT_CONFLICT;

/*
 * self_report_mismatch. %1$s source relation (outcome rows). Per (time_saved
 * metric, workflow) among the source rows, the trailing window ends at the
 * newest source measured_at; the alert's window is the self_report_trailing_days
 * bucket (from the epoch, UTC) holding that instant, so repeated inserts in
 * one bucket raise one alert.
 */
static const char *const selfreport_sql =
"WITH s AS ("
"  SELECT pg_catalog.max(st.value) FILTER (WHERE st.key" OP("=") "'self_report_ratio') AS t_ratio,"
"         pg_catalog.max(st.value) FILTER (WHERE st.key" OP("=") "'self_report_min_rows') AS t_min_rows,"
"         pg_catalog.max(st.value) FILTER (WHERE st.key" OP("=") "'self_report_trailing_days') AS t_days"
"    FROM ai_value.settings st),"
" g AS ("
"  SELECT n.metric_id, n.workflow_id, pg_catalog.max(n.measured_at) AS anchor,"
"         pg_catalog.array_agg(n.id ORDER BY n.measured_at, n.id) AS row_ids"
"    FROM %1$s n"
"    JOIN ai_value.ai_value_metrics m ON m.id" OP("=") "n.metric_id"
"   WHERE m.metric_type" OP("=") "'time_saved'::ai_value.metric_type"
"     AND n.evidence_kind" OP("=") "ANY ('{self_report,system_log,sampled_review}'::ai_value.evidence_kind[])"
"   GROUP BY n.metric_id, n.workflow_id),"
" w AS ("
"  SELECT g.*, s.*, a.*"
"    FROM g CROSS JOIN s CROSS JOIN LATERAL ("
"      SELECT pg_catalog.avg(o.observed_value) FILTER (WHERE o.evidence_kind" OP("=") "'self_report'::ai_value.evidence_kind) AS self_avg,"
"             pg_catalog.count(*) FILTER (WHERE o.evidence_kind" OP("=") "'self_report'::ai_value.evidence_kind) AS self_n,"
"             pg_catalog.array_agg(o.id ORDER BY o.measured_at, o.id) FILTER (WHERE o.evidence_kind" OP("=") "'self_report'::ai_value.evidence_kind) AS self_ids,"
"             pg_catalog.avg(o.observed_value) FILTER (WHERE o.evidence_kind" OP("<>") "'self_report'::ai_value.evidence_kind) AS verified_avg,"
"             pg_catalog.count(*) FILTER (WHERE o.evidence_kind" OP("<>") "'self_report'::ai_value.evidence_kind) AS verified_n,"
"             pg_catalog.array_agg(o.id ORDER BY o.measured_at, o.id) FILTER (WHERE o.evidence_kind" OP("<>") "'self_report'::ai_value.evidence_kind) AS verified_ids"
"        FROM ai_value.ai_workflow_outcomes o"
"       WHERE o.metric_id" OP("=") "g.metric_id"
"         AND o.workflow_id" OP("=") "g.workflow_id"
"         AND o.measured_at" OP(">") "(g.anchor" OP("-") DAYS_IVL("s.t_days") ")"
"         AND o.measured_at" OP("<=") "g.anchor"
"         AND o.evidence_kind" OP("=") "ANY ('{self_report,system_log,sampled_review}'::ai_value.evidence_kind[])) a"
"   WHERE a.self_n" OP(">=") "s.t_min_rows AND a.verified_n" OP(">=") "s.t_min_rows"
"     AND a.self_avg" OP(">") "0"
"     AND a.self_avg" OP(">=") "(s.t_ratio" OP("*") "a.verified_avg))"
ALERT_INSERT
"  SELECT w.workflow_id, 'self_report_mismatch'::ai_value.gaming_alert_type AS alert_type,"
"         'medium'::ai_value.alert_severity AS severity,"
"         pg_catalog.jsonb_build_object("
"           'rule', 'self_report_mismatch', 'window', " DAY_UTC("w.bs") ","
"           'threshold', w.t_ratio, 'min_rows', w.t_min_rows, 'trailing_days', w.t_days,"
"           'window_start', " ISO_UTC("w.anchor" OP("-") DAYS_IVL("w.t_days")) ","
"           'window_end', " ISO_UTC("w.anchor") ","
"           'self_report_avg', pg_catalog.round(w.self_avg, 4), 'verified_avg', pg_catalog.round(w.verified_avg, 4),"
"           'ratio', pg_catalog.round(w.self_avg" OP("/") "NULLIF(w.verified_avg, 0), 4),"
"           'self_report_n', w.self_n, 'verified_n', w.verified_n,"
"           'row_ids', pg_catalog.to_jsonb(w.row_ids),"
"           'self_report_ids', pg_catalog.to_jsonb(w.self_ids),"
"           'verified_ids', pg_catalog.to_jsonb(w.verified_ids)) AS evidence_json,"
"         w.metric_id"
"    FROM (SELECT w.*, pg_catalog.to_timestamp(pg_catalog.floor(EXTRACT(EPOCH FROM w.anchor)"
"                 " OP("/") "(w.t_days" OP("*") "86400))" OP("*") "(w.t_days" OP("*") "86400)) AS bs"
"            FROM w) w"
ALERT_CONFLICT;

/*
 * Small statements (a single-row INSERT from an application) pay mostly the
 * fixed cost of starting the two spike detectors' plans, far more than their
 * look-ups. Up to PRECHECK_MAX_ROWS inserted rows, one small query first
 * tells whether any row can be a spike at all (same baselines, over-
 * approximating: a zero baseline passes), and only then do the detectors
 * run. A large statement would pay the look-ups twice, so it skips this.
 */
#define PRECHECK_MAX_ROWS 64

static const char *const spike_precheck_sql =
"WITH s AS ("
"  SELECT pg_catalog.max(st.value) FILTER (WHERE st.key" OP("=") "'token_spike_ratio') AS t_tok,"
"         pg_catalog.max(st.value) FILTER (WHERE st.key" OP("=") "'prompt_spike_ratio') AS t_pr,"
"         pg_catalog.max(st.value) FILTER (WHERE st.key" OP("=") "'spike_lookback_periods') AS t_lookback"
"    FROM ai_value.settings st)"
" SELECT COALESCE(pg_catalog.bool_or(" PER_DAY("n", "token_count") OP(">=") "(s.t_tok" OP("*") "("
"          SELECT pg_catalog.avg" PER_DAY("p", "token_count")
"            FROM (SELECT p.token_count, p.period_start, p.period_end"
"                    FROM ai_value.token_cost_diagnostics p"
"                   WHERE p.workflow_id" OP("=") "n.workflow_id"
"                     AND p.period_start" OP("<") "n.period_start"
"                     AND p.token_count IS NOT NULL"
"                   ORDER BY p.period_start DESC"
"                   LIMIT s.t_lookback::pg_catalog.int8) p))), false),"
"        COALESCE(pg_catalog.bool_or(n.prompt_count IS NOT NULL AND " PER_DAY("n", "prompt_count") OP(">=") "(s.t_pr" OP("*") "("
"          SELECT pg_catalog.avg" PER_DAY("p", "prompt_count")
"            FROM (SELECT p.prompt_count, p.period_start, p.period_end"
"                    FROM ai_value.token_cost_diagnostics p"
"                   WHERE p.workflow_id" OP("=") "n.workflow_id"
"                     AND p.period_start" OP("<") "n.period_start"
"                     AND p.prompt_count IS NOT NULL"
"                   ORDER BY p.period_start DESC"
"                   LIMIT s.t_lookback::pg_catalog.int8) p))), false)"
"   FROM av_new n CROSS JOIN s";

static SPIPlanPtr precheck_plan = NULL;

/* Caller is connected to SPI with the trigger data registered. */
static void
spike_precheck(bool *token, bool *prompt)
{
	bool		isnull;

	if (precheck_plan == NULL || !SPI_plan_is_valid(precheck_plan))
	{
		SPIPlanPtr	plan = SPI_prepare(spike_precheck_sql, 0, NULL);

		if (plan == NULL)
			elog(ERROR, "aivalue: SPI_prepare failed for the spike pre-check: %s",
				 SPI_result_code_string(SPI_result));
		if (precheck_plan != NULL)
			SPI_freeplan(precheck_plan);
		SPI_keepplan(plan);
		precheck_plan = plan;
	}
	/* Not read-only: a fresh snapshot sees the rows this statement inserted. */
	if (SPI_execute_plan(precheck_plan, NULL, NULL, false, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "aivalue: spike pre-check failed");
	*token = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	*prompt = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
}

typedef enum AvDetector
{
	DET_TOKEN_SPIKE,
	DET_PROMPT_SPIKE,
	DET_QUALITY_DROP,
	DET_SELF_REPORT,
	N_DETECTORS
} AvDetector;

/* Source relations: the statement's inserted rows, or stored rows since $1. */
#define SRC_NEW "av_new"
#define SRC_DIAG_SINCE "(SELECT t.* FROM ai_value.token_cost_diagnostics t " \
	"WHERE t.period_end" OP(">") "$1)"
#define SRC_OUTC_SINCE "(SELECT t.* FROM ai_value.ai_workflow_outcomes t " \
	"WHERE t.measured_at" OP(">=") "$1)"

static char *
detector_sql(AvDetector det, bool since)
{
	switch (det)
	{
		case DET_TOKEN_SPIKE:
			return psprintf(spike_sql, since ? SRC_DIAG_SINCE : SRC_NEW,
							"token_count", "token_spike_no_outcome", "token_spike",
							"{task_completion,time_saved,quality,customer_satisfaction}",
							"tokens/day");
		case DET_PROMPT_SPIKE:
			return psprintf(spike_sql, since ? SRC_DIAG_SINCE : SRC_NEW,
							"prompt_count", "prompt_spike_no_quality", "prompt_spike",
							"{quality}", "prompts/day");
		case DET_QUALITY_DROP:
			return psprintf(quality_sql, since ? SRC_OUTC_SINCE : SRC_NEW);
		case DET_SELF_REPORT:
			return psprintf(selfreport_sql, since ? SRC_OUTC_SINCE : SRC_NEW);
		default:
			elog(ERROR, "aivalue: unknown detector %d", (int) det);
	}
	return NULL;				/* not reached */
}

/*
 * Saved plans, [detector][0 = trigger path, 1 = since path]. They live as
 * long as the backend (SPI_keepplan) and are re-prepared when invalidated.
 * A trigger-path plan names the transition table av_new, so it is prepared
 * after the trigger data is registered with SPI.
 */
static SPIPlanPtr det_plans[N_DETECTORS][2];

/*
 * The detectors' plans look expensive to the planner when the transition
 * table is large, and JIT compilation would then cost more than the nested
 * index look-ups it speeds up. Set inside the privileged section, whose GUC
 * nest level av_priv_leave rolls back.
 */
static void
no_jit(void)
{
	(void) set_config_option("jit", "off", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
}

static uint64
run_detector(AvDetector det, bool since, Datum *args)
{
	SPIPlanPtr *slot = &det_plans[det][since ? 1 : 0];
	int			rc;

	if (*slot == NULL || !SPI_plan_is_valid(*slot))
	{
		Oid			argtypes[1] = {TIMESTAMPTZOID};
		SPIPlanPtr	plan;

		char	   *sql = detector_sql(det, since);

		elog(DEBUG2, "aivalue detector %d: %s", (int) det, sql);
		plan = SPI_prepare(sql, since ? 1 : 0, argtypes);
		if (plan == NULL)
			elog(ERROR, "aivalue: SPI_prepare failed for detector %d: %s", (int) det,
				 SPI_result_code_string(SPI_result));
		if (*slot != NULL)
			SPI_freeplan(*slot);
		SPI_keepplan(plan);
		*slot = plan;
	}
	rc = SPI_execute_plan(*slot, args, NULL, false, 0);
	if (rc != SPI_OK_INSERT)
		elog(ERROR, "aivalue: detector %d failed: %s", (int) det, SPI_result_code_string(rc));
	return SPI_processed;
}

/*
 * Which metrics the outcome detectors care about: quality (quality_drop) and
 * time_saved (self_report_mismatch). A backend cache keyed by metric id lets
 * the outcome trigger skip both SQL passes when a statement holds no row that
 * either could flag (the common case: single-row inserts of other metrics),
 * at the cost of one hash probe per inserted row. Built on first use, dropped
 * when ai_value_metrics changes (av_95_invalidate -> av_register_reset).
 */
typedef struct MetricKind
{
	pg_uuid_t	id;				/* hash key */
	bool		quality;		/* else time_saved */
} MetricKind;

static HTAB *metric_kinds = NULL;	/* in CacheMemoryContext */
static bool metric_kinds_stale = true;

static void
metric_kinds_reset(void)
{
	/* Only mark: a relcache callback must not do catalog or SPI work. */
	metric_kinds_stale = true;
}

/* Caller is connected to SPI, inside the privileged section. */
static void
metric_kinds_load(void)
{
	HASHCTL		ctl;
	uint64		i;

	if (!metric_kinds_stale && metric_kinds != NULL)
		return;
	av_register_reset(metric_kinds_reset);
	(void) av_relid("ai_value_metrics");	/* watch it for invalidations */
	if (metric_kinds != NULL)
		hash_destroy(metric_kinds);
	metric_kinds = NULL;
	/* Cleared before reading, so an invalidation during the read wins. */
	metric_kinds_stale = false;

	if (SPI_execute("SELECT m.id, m.metric_type OPERATOR(pg_catalog.=) 'quality'::ai_value.metric_type "
					"FROM ai_value.ai_value_metrics m "
					"WHERE m.metric_type OPERATOR(pg_catalog.=) ANY ('{quality,time_saved}'::ai_value.metric_type[])",
					false, 0) != SPI_OK_SELECT)
		elog(ERROR, "aivalue: could not read metric types");

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(pg_uuid_t);
	ctl.entrysize = sizeof(MetricKind);
	ctl.hcxt = CacheMemoryContext;
	metric_kinds = hash_create("aivalue metric kinds", 64, &ctl,
							   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	for (i = 0; i < SPI_processed; i++)
	{
		bool		isnull;
		Datum		id = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull);
		Datum		q = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &isnull);
		MetricKind *e = hash_search(metric_kinds, DatumGetUUIDP(id), HASH_ENTER, NULL);

		e->quality = DatumGetBool(q);
	}
}

/*
 * Scan the inserted outcomes once: is there a quality row below its baseline
 * (a possible quality_drop) or a time_saved row that could complete a
 * self-report mismatch? A self_report row always can. A verified row can only
 * when its (workflow, metric) already holds self-reported rows, which the
 * rollups answer with one key probe; the verified pairs are collected (up to
 * MAX_PROBES) for mismatch_possible(). Necessary conditions only: the SQL
 * decides.
 */
#define MAX_PROBES 16

typedef struct OutcomeCandidates
{
	bool		quality;
	bool		time_saved;		/* decided: run the mismatch detector */
	int			npairs;			/* verified time_saved pairs still to probe */
	pg_uuid_t	wf[MAX_PROBES];
	pg_uuid_t	metric[MAX_PROBES];
} OutcomeCandidates;

static void
outcome_candidates(TriggerData *td, OutcomeCandidates *c)
{
	Tuplestorestate *ts = td->tg_newtable;
	TupleDesc	desc = RelationGetDescr(td->tg_relation);
	TupleTableSlot *slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
	int			a_metric = av_attnum(desc, "metric_id");
	int			a_wf = av_attnum(desc, "workflow_id");
	int			a_kind = av_attnum(desc, "evidence_kind");
	int			a_base = av_attnum(desc, "baseline_value");
	int			a_obs = av_attnum(desc, "observed_value");
	Oid			kind_type;
	Oid			self_report;
	int			ptr;

	kind_type = TupleDescAttr(desc, a_kind - 1)->atttypid;
	self_report = DatumGetObjectId(DirectFunctionCall2(enum_in, CStringGetDatum("self_report"),
													   ObjectIdGetDatum(kind_type)));
	c->quality = c->time_saved = false;
	c->npairs = 0;
	/* Our own read pointer: other triggers' scans share this tuplestore. */
	ptr = tuplestore_alloc_read_pointer(ts, EXEC_FLAG_REWIND);
	tuplestore_select_read_pointer(ts, ptr);
	tuplestore_rescan(ts);
	while (!(c->quality && c->time_saved) && tuplestore_gettupleslot(ts, true, false, slot))
	{
		bool		isnull;
		Datum		metric = slot_getattr(slot, a_metric, &isnull);
		MetricKind *e;

		if (isnull)
			continue;
		e = hash_search(metric_kinds, DatumGetUUIDP(metric), HASH_FIND, NULL);
		if (e == NULL)
			continue;
		if (!e->quality)
		{
			Datum		kind = slot_getattr(slot, a_kind, &isnull);
			Datum		wf;
			int			i;

			if (c->time_saved)
				continue;
			if (DatumGetObjectId(kind) == self_report || c->npairs == MAX_PROBES)
			{
				c->time_saved = true;
				continue;
			}
			wf = slot_getattr(slot, a_wf, &isnull);
			for (i = 0; i < c->npairs; i++)
				if (memcmp(&c->wf[i], DatumGetUUIDP(wf), UUID_LEN) == 0 &&
					memcmp(&c->metric[i], DatumGetUUIDP(metric), UUID_LEN) == 0)
					break;
			if (i == c->npairs)
			{
				memcpy(&c->wf[i], DatumGetUUIDP(wf), UUID_LEN);
				memcpy(&c->metric[i], DatumGetUUIDP(metric), UUID_LEN);
				c->npairs++;
			}
		}
		else if (!c->quality)
		{
			bool		bnull,
						onull;
			Datum		base = slot_getattr(slot, a_base, &bnull);
			Datum		obs = slot_getattr(slot, a_obs, &onull);

			if (!bnull && !onull &&
				DatumGetBool(DirectFunctionCall2(numeric_lt, obs, base)))
				c->quality = true;
		}
	}
	tuplestore_select_read_pointer(ts, 0);
	ExecDropSingleTupleTableSlot(slot);
	if (c->time_saved)
		c->npairs = 0;
}

/*
 * Does any collected verified pair already hold self-reported rows? One
 * saved-plan probe of the rollups' primary key per pair. Caller is connected
 * to SPI inside the privileged section.
 */
static SPIPlanPtr self_probe_plan = NULL;

static bool
mismatch_possible(const OutcomeCandidates *c)
{
	int			i;

	if (self_probe_plan == NULL || !SPI_plan_is_valid(self_probe_plan))
	{
		Oid			types[2] = {UUIDOID, UUIDOID};
		SPIPlanPtr	plan = SPI_prepare("SELECT 1 FROM ai_value.outcome_rollups r "
									   "WHERE r.workflow_id OPERATOR(pg_catalog.=) $1 "
									   "AND r.metric_id OPERATOR(pg_catalog.=) $2 "
									   "AND r.evidence_kind OPERATOR(pg_catalog.=) 'self_report'::ai_value.evidence_kind "
									   "AND r.outcomes_n OPERATOR(pg_catalog.>) 0",
									   2, types);

		if (plan == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		if (self_probe_plan != NULL)
			SPI_freeplan(self_probe_plan);
		SPI_keepplan(plan);
		self_probe_plan = plan;
	}
	for (i = 0; i < c->npairs; i++)
	{
		Datum		args[2];

		args[0] = UUIDPGetDatum(&c->wf[i]);
		args[1] = UUIDPGetDatum(&c->metric[i]);
		if (SPI_execute_plan(self_probe_plan, args, NULL, true, 1) != SPI_OK_SELECT)
			elog(ERROR, "aivalue: self-report probe failed");
		if (SPI_processed > 0)
			return true;
	}
	return false;
}

PG_FUNCTION_INFO_V1(av_detect_trigger);
Datum
av_detect_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = av_trigger_data(fcinfo, "detect_trigger", false, false);
	Oid			relid = RelationGetRelid(td->tg_relation);
	bool		diagnostics;
	AvPriv		priv;
	OutcomeCandidates cand;

	if (!TRIGGER_FIRED_BY_INSERT(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("detect_trigger must be fired AFTER INSERT")));
	if (td->tg_newtable == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("detect_trigger needs REFERENCING NEW TABLE AS av_new")));

	if (relid == av_relid("token_cost_diagnostics"))
		diagnostics = true;
	else if (relid == av_relid("ai_workflow_outcomes"))
		diagnostics = false;
	else
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("detect_trigger cannot be used on table \"%s\"",
						RelationGetRelationName(td->tg_relation))));

	/* Restored rows were judged when first written; detect_gaming re-judges. */
	if (av_restore_mode())
		return PointerGetDatum(NULL);
	if (tuplestore_tuple_count(td->tg_newtable) == 0)
		return PointerGetDatum(NULL);

	/*
	 * Outcomes: most statements hold no row either outcome detector could
	 * flag. Decide that in C first (the metric-kind cache is loaded through
	 * SPI only when stale), and leave without any SQL when nothing can fire.
	 */
	if (!diagnostics)
	{
		if (metric_kinds_stale || metric_kinds == NULL)
		{
			av_priv_enter(&priv, av_owner());
			if (SPI_connect() != SPI_OK_CONNECT)
				elog(ERROR, "SPI_connect failed");
			metric_kinds_load();
			SPI_finish();
			av_priv_leave(&priv);
		}
		outcome_candidates(td, &cand);
		if (!cand.quality && !cand.time_saved && cand.npairs == 0)
			return PointerGetDatum(NULL);
	}

	av_priv_enter(&priv, av_owner());
	no_jit();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_register_trigger_data(td) != SPI_OK_TD_REGISTER)
		elog(ERROR, "aivalue: could not register transition tables");
	if (diagnostics)
	{
		bool		token = true,
					prompt = true;

		if (tuplestore_tuple_count(td->tg_newtable) <= PRECHECK_MAX_ROWS)
			spike_precheck(&token, &prompt);
		if (token)
			(void) run_detector(DET_TOKEN_SPIKE, false, NULL);
		if (prompt)
			(void) run_detector(DET_PROMPT_SPIKE, false, NULL);
	}
	else
	{
		if (cand.quality)
			(void) run_detector(DET_QUALITY_DROP, false, NULL);
		if (cand.time_saved || (cand.npairs > 0 && mismatch_possible(&cand)))
			(void) run_detector(DET_SELF_REPORT, false, NULL);
	}
	SPI_finish();
	av_priv_leave(&priv);
	return PointerGetDatum(NULL);
}

/*
 * ai_value.detect_gaming(since timestamptz) RETURNS integer: every detector
 * over diagnostics whose period ends after since and outcomes measured at or
 * after since. Idempotent (existing alerts are not raised again); returns the
 * number of new alerts. EXECUTE is granted to governance only.
 */
PG_FUNCTION_INFO_V1(av_detect_gaming);
Datum
av_detect_gaming(PG_FUNCTION_ARGS)
{
	Datum		args[1];
	AvPriv		priv;
	uint64		total = 0;
	int			d;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("since must not be null"),
				 errhint("Use '-infinity' to re-evaluate all data.")));
	args[0] = PG_GETARG_DATUM(0);

	av_priv_enter(&priv, av_owner());
	no_jit();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	for (d = 0; d < N_DETECTORS; d++)
		total += run_detector((AvDetector) d, true, args);
	SPI_finish();
	av_priv_leave(&priv);
	if (total > PG_INT32_MAX)
		total = PG_INT32_MAX;
	PG_RETURN_INT32((int32) total);
}
