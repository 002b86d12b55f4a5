/*
 * rollup.c — per (workflow, metric, evidence kind) rollups of
 * ai_workflow_outcomes (table ai_value.outcome_rollups), so the scorecard's
 * cost follows workflows x metrics, not outcome rows. Owns av_rollup_trigger:
 * AFTER INSERT / UPDATE / DELETE ... FOR EACH STATEMENT with transition
 * tables (av_80_rollup_ins/upd/del). A statement, however many rows it
 * touched, is folded in by one set-based INSERT ... SELECT ... GROUP BY ...
 * ON CONFLICT DO UPDATE, in key order so that concurrent writers lock
 * rollup rows in the same order and cannot deadlock on them.
 *
 * Counts and sums are additive, so every event applies a delta; that stays
 * right under concurrent writers (ON CONFLICT serialises them on the row).
 * first/last_measured_at cannot be un-done by a delta: for UPDATE and DELETE
 * the affected rollup rows are locked first (in key order), and then, with
 * a snapshot taken after the lock (READ COMMITTED), recomputed from the
 * outcomes index. A writer that has not yet folded its rows in will apply
 * LEAST/GREATEST on top afterwards. Rollups are derived data: maintained in
 * restore mode too, not dumped, readable by no role directly.
 *
 * A single-row INSERT (the API's shape) whose group already exists takes a
 * path without SQL: find the rollup row through its primary key, lock its
 * latest version (waiting for a writer that holds it, as logical
 * replication's apply does) and update it in place through the executor's
 * simple-update path. Adding to the latest version is right for counts and
 * sums even under REPEATABLE READ. A new group falls back to the upsert.
 */
#include "postgres.h"

#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "nodes/makefuncs.h"
#include "utils/fmgrprotos.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "aivalue.h"

#define RU_INSERT 0
#define RU_UPDATE 1
#define RU_DELETE 2
#define RU_INSERT_ONE 3			/* single-row INSERT: no GROUP BY / sort */
#define RU_NSTEPS 3

/* Saved plans: [event][step]; SPI_keepplan'ed, revalidated before use. */
static SPIPlanPtr plans[4][RU_NSTEPS];

#define RU_COLS "(workflow_id, metric_id, evidence_kind, outcomes_n, baseline_n, " \
	"baseline_sum, observed_sum, first_measured_at, last_measured_at)"

#define RU_KEY_MATCH(a, b) \
	a ".workflow_id OPERATOR(pg_catalog.=) " b ".workflow_id AND " \
	a ".metric_id OPERATOR(pg_catalog.=) " b ".metric_id AND " \
	a ".evidence_kind OPERATOR(pg_catalog.=) " b ".evidence_kind"

#define RU_ADD_COUNTS \
	"outcomes_n = r.outcomes_n OPERATOR(pg_catalog.+) EXCLUDED.outcomes_n, " \
	"baseline_n = r.baseline_n OPERATOR(pg_catalog.+) EXCLUDED.baseline_n, " \
	"baseline_sum = r.baseline_sum OPERATOR(pg_catalog.+) EXCLUDED.baseline_sum, " \
	"observed_sum = r.observed_sum OPERATOR(pg_catalog.+) EXCLUDED.observed_sum, "

static const char *
rollup_query(int event, int step)
{
	/*
	 * Most writes through the API are one row per statement; a plan without
	 * aggregation and sort saves a good part of the per-statement cost.
	 */
	if (event == RU_INSERT_ONE)
		return step != 0 ? NULL :
			"INSERT INTO ai_value.outcome_rollups AS r " RU_COLS " "
			"SELECT n.workflow_id, n.metric_id, n.evidence_kind, 1, "
			"(n.baseline_value IS NOT NULL)::pg_catalog.int4::pg_catalog.int8, COALESCE(n.baseline_value, 0), "
			"n.observed_value, n.measured_at, n.measured_at FROM av_new n "
			"ON CONFLICT (workflow_id, metric_id, evidence_kind) DO UPDATE SET "
			RU_ADD_COUNTS
			"first_measured_at = LEAST(r.first_measured_at, EXCLUDED.first_measured_at), "
			"last_measured_at = GREATEST(r.last_measured_at, EXCLUDED.last_measured_at)";
	if (event == RU_INSERT)
		return step != 0 ? NULL :
			"INSERT INTO ai_value.outcome_rollups AS r " RU_COLS " "
			"SELECT n.workflow_id, n.metric_id, n.evidence_kind, pg_catalog.count(*), "
			"pg_catalog.count(n.baseline_value), COALESCE(pg_catalog.sum(n.baseline_value), 0), "
			"pg_catalog.sum(n.observed_value), pg_catalog.min(n.measured_at), pg_catalog.max(n.measured_at) "
			"FROM av_new n GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 "
			"ON CONFLICT (workflow_id, metric_id, evidence_kind) DO UPDATE SET "
			RU_ADD_COUNTS
			"first_measured_at = LEAST(r.first_measured_at, EXCLUDED.first_measured_at), "
			"last_measured_at = GREATEST(r.last_measured_at, EXCLUDED.last_measured_at)";

	switch (step)
	{
		case 0:
			/* lock the rollup rows the old images touch, in key order */
			return event == RU_UPDATE ?
				"SELECT 1 FROM ai_value.outcome_rollups r "
				"WHERE EXISTS (SELECT 1 FROM av_old o WHERE " RU_KEY_MATCH("o", "r") ") "
				"   OR EXISTS (SELECT 1 FROM av_new n WHERE " RU_KEY_MATCH("n", "r") ") "
				"ORDER BY r.workflow_id, r.metric_id, r.evidence_kind FOR UPDATE OF r" :
				"SELECT 1 FROM ai_value.outcome_rollups r "
				"WHERE EXISTS (SELECT 1 FROM av_old o WHERE " RU_KEY_MATCH("o", "r") ") "
				"ORDER BY r.workflow_id, r.metric_id, r.evidence_kind FOR UPDATE OF r";
		case 1:
			/* apply the delta; recompute first/last from the outcomes */
			return event == RU_UPDATE ?
				"INSERT INTO ai_value.outcome_rollups AS r " RU_COLS " "
				"SELECT d.workflow_id, d.metric_id, d.evidence_kind, pg_catalog.sum(d.n), "
				"pg_catalog.sum(d.bn), pg_catalog.sum(d.bs), pg_catalog.sum(d.os), "
				"pg_catalog.min(d.at), pg_catalog.max(d.at) FROM ("
				" SELECT n.workflow_id, n.metric_id, n.evidence_kind, 1::pg_catalog.int8 AS n, "
				"  (n.baseline_value IS NOT NULL)::pg_catalog.int4::pg_catalog.int8 AS bn, "
				"  COALESCE(n.baseline_value, 0) AS bs, n.observed_value AS os, n.measured_at AS at FROM av_new n "
				" UNION ALL "
				" SELECT o.workflow_id, o.metric_id, o.evidence_kind, -1::pg_catalog.int8, "
				"  OPERATOR(pg_catalog.-) (o.baseline_value IS NOT NULL)::pg_catalog.int4::pg_catalog.int8, "
				"  OPERATOR(pg_catalog.-) COALESCE(o.baseline_value, 0), OPERATOR(pg_catalog.-) o.observed_value, "
				"  NULL::pg_catalog.timestamptz FROM av_old o) d "
				"GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 "
				"ON CONFLICT (workflow_id, metric_id, evidence_kind) DO UPDATE SET "
				RU_ADD_COUNTS
				"first_measured_at = (SELECT pg_catalog.min(x.measured_at) FROM ai_value.ai_workflow_outcomes x "
				"  WHERE " RU_KEY_MATCH("x", "r") "), "
				"last_measured_at = (SELECT pg_catalog.max(x.measured_at) FROM ai_value.ai_workflow_outcomes x "
				"  WHERE " RU_KEY_MATCH("x", "r") ")" :
				"UPDATE ai_value.outcome_rollups r SET "
				"outcomes_n = r.outcomes_n OPERATOR(pg_catalog.-) d.n, "
				"baseline_n = r.baseline_n OPERATOR(pg_catalog.-) d.bn, "
				"baseline_sum = r.baseline_sum OPERATOR(pg_catalog.-) d.bs, "
				"observed_sum = r.observed_sum OPERATOR(pg_catalog.-) d.os, "
				"first_measured_at = (SELECT pg_catalog.min(x.measured_at) FROM ai_value.ai_workflow_outcomes x "
				"  WHERE " RU_KEY_MATCH("x", "r") "), "
				"last_measured_at = (SELECT pg_catalog.max(x.measured_at) FROM ai_value.ai_workflow_outcomes x "
				"  WHERE " RU_KEY_MATCH("x", "r") ") "
				"FROM (SELECT o.workflow_id, o.metric_id, o.evidence_kind, pg_catalog.count(*) AS n, "
				"  pg_catalog.count(o.baseline_value) AS bn, COALESCE(pg_catalog.sum(o.baseline_value), 0) AS bs, "
				"  pg_catalog.sum(o.observed_value) AS os FROM av_old o GROUP BY 1, 2, 3) d "
				"WHERE " RU_KEY_MATCH("d", "r");
		case 2:
			/* groups left without outcomes disappear */
			return "DELETE FROM ai_value.outcome_rollups r "
				"WHERE r.outcomes_n OPERATOR(pg_catalog.<=) 0 "
				"AND EXISTS (SELECT 1 FROM av_old o WHERE " RU_KEY_MATCH("o", "r") ")";
	}
	return NULL;
}

static Datum
numeric_plus(Datum a, Datum b)
{
	return DirectFunctionCall2(numeric_add, a, b);
}

/*
 * Fold one inserted outcome into its existing rollup row without SPI.
 * Returns false (nothing done) when the group has no rollup row yet.
 */
static bool
rollup_one_direct(TriggerData *td)
{
	TupleDesc	odesc = RelationGetDescr(td->tg_relation);
	Tuplestorestate *ts = td->tg_newtable;
	TupleTableSlot *oslot;
	AvDirect	d;
	Relation	rel;
	TupleDesc	rdesc;
	EState	   *estate;
	ResultRelInfo *rri;
	TupleTableSlot *searchslot;
	TupleTableSlot *oldslot;
	TupleTableSlot *newslot;
	EPQState	epqstate;
	Oid			pkidx;
	int			readptr;
	bool		found;
	bool		isnull;
	Datum		wf, metric, kind, baseline, observed, measured;
	bool		baseline_null;
	int			r_wf, r_metric, r_kind, r_n, r_bn, r_bs, r_os, r_first, r_last;
	int			i;

	/* Read the one new row with a read pointer of our own. */
	oslot = MakeSingleTupleTableSlot(odesc, &TTSOpsMinimalTuple);
	readptr = tuplestore_alloc_read_pointer(ts, EXEC_FLAG_REWIND);
	tuplestore_select_read_pointer(ts, readptr);
	tuplestore_rescan(ts);
	if (!tuplestore_gettupleslot(ts, true, false, oslot))
		elog(ERROR, "aivalue: transition table is empty");
	tuplestore_select_read_pointer(ts, 0);
	wf = slot_getattr(oslot, av_attnum(odesc, "workflow_id"), &isnull);
	metric = slot_getattr(oslot, av_attnum(odesc, "metric_id"), &isnull);
	kind = slot_getattr(oslot, av_attnum(odesc, "evidence_kind"), &isnull);
	baseline = slot_getattr(oslot, av_attnum(odesc, "baseline_value"), &baseline_null);
	observed = slot_getattr(oslot, av_attnum(odesc, "observed_value"), &isnull);
	measured = slot_getattr(oslot, av_attnum(odesc, "measured_at"), &isnull);

	/* Rows of earlier statements in this command must be visible. */
	CommandCounterIncrement();

	av_direct_begin(&d, av_relid("outcome_rollups"));
	rel = d.rel;
	rdesc = RelationGetDescr(rel);
	pkidx = RelationGetPrimaryKeyIndex(rel);
	if (!OidIsValid(pkidx))
		elog(ERROR, "aivalue: outcome_rollups has no primary key");
	r_wf = av_attnum(rdesc, "workflow_id");
	r_metric = av_attnum(rdesc, "metric_id");
	r_kind = av_attnum(rdesc, "evidence_kind");
	r_n = av_attnum(rdesc, "outcomes_n");
	r_bn = av_attnum(rdesc, "baseline_n");
	r_bs = av_attnum(rdesc, "baseline_sum");
	r_os = av_attnum(rdesc, "observed_sum");
	r_first = av_attnum(rdesc, "first_measured_at");
	r_last = av_attnum(rdesc, "last_measured_at");
	estate = d.estate;
	rri = d.rri;

	searchslot = av_direct_null_slot(&d);
	searchslot->tts_values[r_wf - 1] = wf;
	searchslot->tts_isnull[r_wf - 1] = false;
	searchslot->tts_values[r_metric - 1] = metric;
	searchslot->tts_isnull[r_metric - 1] = false;
	searchslot->tts_values[r_kind - 1] = kind;
	searchslot->tts_isnull[r_kind - 1] = false;
	ExecStoreVirtualTuple(searchslot);

	oldslot = table_slot_create(rel, &estate->es_tupleTable);
	found = RelationFindReplTupleByIndex(rel, pkidx, LockTupleNoKeyExclusive, searchslot, oldslot);
	if (found)
	{
		Datum		v;
		bool		vnull;

		newslot = ExecInitExtraTupleSlot(estate, rdesc, &TTSOpsVirtual);
		ExecClearTuple(newslot);
		slot_getallattrs(oldslot);
		for (i = 0; i < rdesc->natts; i++)
		{
			newslot->tts_values[i] = oldslot->tts_values[i];
			newslot->tts_isnull[i] = oldslot->tts_isnull[i];
		}
		newslot->tts_values[r_n - 1] = Int64GetDatum(DatumGetInt64(oldslot->tts_values[r_n - 1]) + 1);
		if (!baseline_null)
		{
			newslot->tts_values[r_bn - 1] = Int64GetDatum(DatumGetInt64(oldslot->tts_values[r_bn - 1]) + 1);
			newslot->tts_values[r_bs - 1] = numeric_plus(oldslot->tts_values[r_bs - 1], baseline);
		}
		newslot->tts_values[r_os - 1] = numeric_plus(oldslot->tts_values[r_os - 1], observed);
		v = oldslot->tts_values[r_first - 1];
		vnull = oldslot->tts_isnull[r_first - 1];
		if (vnull || DatumGetTimestampTz(measured) < DatumGetTimestampTz(v))
		{
			newslot->tts_values[r_first - 1] = measured;
			newslot->tts_isnull[r_first - 1] = false;
		}
		v = oldslot->tts_values[r_last - 1];
		vnull = oldslot->tts_isnull[r_last - 1];
		if (vnull || DatumGetTimestampTz(measured) > DatumGetTimestampTz(v))
		{
			newslot->tts_values[r_last - 1] = measured;
			newslot->tts_isnull[r_last - 1] = false;
		}
		ExecStoreVirtualTuple(newslot);

		EvalPlanQualInit(&epqstate, estate, NULL, NIL, -1);
		ExecSimpleRelationUpdate(rri, estate, &epqstate, oldslot, newslot);
		EvalPlanQualEnd(&epqstate);
	}

	av_direct_end(&d);
	ExecDropSingleTupleTableSlot(oslot);
	return found;
}

PG_FUNCTION_INFO_V1(av_rollup_trigger);
Datum
av_rollup_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = av_trigger_data(fcinfo, "rollup_outcomes", false, false);
	int			event;
	int			step;
	AvPriv		priv;
	Tuplestorestate *changed;

	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		event = RU_INSERT;
		changed = td->tg_newtable;
	}
	else if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		event = RU_UPDATE;
		changed = td->tg_oldtable;
	}
	else if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
	{
		event = RU_DELETE;
		changed = td->tg_oldtable;
	}
	else
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("rollup_outcomes must be fired for INSERT, UPDATE or DELETE")));
	if (changed == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("rollup_outcomes needs REFERENCING transition tables av_new / av_old")));
	/* No rollups in restore mode would leave the scorecard empty: always run. */
	if (tuplestore_tuple_count(changed) == 0)
		return PointerGetDatum(NULL);
	if (event == RU_INSERT && tuplestore_tuple_count(changed) == 1)
	{
		if (rollup_one_direct(td))
			return PointerGetDatum(NULL);
		event = RU_INSERT_ONE;	/* a new group: the upsert inserts it */
	}

	av_priv_enter(&priv, av_owner());
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_register_trigger_data(td) != SPI_OK_TD_REGISTER)
		elog(ERROR, "aivalue: rollup trigger could not register its transition tables");
	for (step = 0; step < RU_NSTEPS; step++)
	{
		const char *q = rollup_query(event, step);
		int			rc;

		if (q == NULL)
			break;
		if (plans[event][step] == NULL || !SPI_plan_is_valid(plans[event][step]))
		{
			SPIPlanPtr	plan = SPI_prepare(q, 0, NULL);

			if (plan == NULL)
				elog(ERROR, "SPI_prepare failed for rollup: %s", SPI_result_code_string(SPI_result));
			if (plans[event][step] != NULL)
				SPI_freeplan(plans[event][step]);
			SPI_keepplan(plan);
			plans[event][step] = plan;
		}
		/* read_only = false: each step runs with a snapshot taken after the previous one */
		rc = SPI_execute_plan(plans[event][step], NULL, NULL, false, 0);
		if (rc < 0)
			elog(ERROR, "aivalue: rollup maintenance failed: %s", SPI_result_code_string(rc));
	}
	SPI_finish();
	av_priv_leave(&priv);
	return PointerGetDatum(NULL);
}
