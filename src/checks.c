/*
 * checks.c — checked writes on ai_workflow_outcomes (SPEC §5). Owns
 * av_check_outcome (BEFORE INSERT OR UPDATE ... FOR EACH ROW, trigger
 * av_20_check) and the backend cache of metric state it judges from.
 *
 * The hot path runs no SQL: a hash keyed by metric id holds what the
 * acceptance order of doc/DESIGN.md needs (status, type, baseline_required,
 * the policy rule in force with its rationale and alternatives, when the
 * next future rule takes effect, and the latest expiry among approved
 * exceptions). An entry is loaded by one SPI query on a miss and the whole
 * cache is dropped when metrics, policy rules or exceptions change (their
 * av_95_invalidate triggers send a relcache invalidation; aivalue.c's
 * callback calls our reset). Time-dependent facts are judged against the
 * clock at check time, so an exception that has just expired fails closed
 * with a warm cache, and a rule whose effective_at has come forces a reload.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "aivalue.h"

typedef enum
{
	MS_PROPOSED, MS_APPROVED, MS_BLOCKED, MS_DIAGNOSTIC_ONLY, MS_DEPRECATED
} MetricStatus;

typedef enum
{
	MP_NONE, MP_ALLOW, MP_BLOCK, MP_DIAGNOSTIC_ONLY, MP_REQUIRES_EXCEPTION
} MetricPolicy;

typedef struct MetricState
{
	pg_uuid_t	id;				/* hash key */
	bool		exists;			/* false: unknown id, left to the FK */
	MetricStatus status;
	bool		activity;		/* metric_type = blocked_activity */
	bool		baseline_required;
	MetricPolicy policy;		/* rule in force when loaded */
	TimestampTz next_rule_at;	/* earliest rule effective after load, or NOEND */
	TimestampTz exception_until;	/* latest approved exception expiry, or NOBEGIN */
	char	   *metric_key;		/* in cache_cxt */
	char	   *rationale;		/* in cache_cxt, NULL without a rule */
	char	   *alternatives;	/* in cache_cxt, comma-separated, may be "" */
} MetricState;

#define TS_NOBEGIN PG_INT64_MIN
#define TS_NOEND PG_INT64_MAX

/*
 * cache_cxt is a CacheMemoryContext child holding the hash and its strings;
 * it lives until the next reset. cache_stale is set by the reset callback,
 * which may run in the middle of a load (SPI opening relations accepts
 * invalidations): the hash is dropped only at the start of the next lookup.
 */
static MemoryContext cache_cxt = NULL;
static HTAB *metric_cache = NULL;
static bool cache_stale = false;
static bool reset_registered = false;
static SPIPlanPtr load_plan = NULL;

/* Per-statement invalidation processing (see accept_invalidations). */
static LocalTransactionId seen_lxid = InvalidLocalTransactionId;
static CommandId seen_cid = InvalidCommandId;
static TimestampTz seen_stmt = 0;

/* Attribute numbers of the outcome columns, checked by name before use. */
static Oid	att_relid = InvalidOid;
static int	att_metric = 0;
static int	att_baseline = 0;
static int	att_evidence = 0;

static const char *default_alternatives =
"task_completion_rate, actual_time_saved, output_quality_score, customer_satisfaction";

static void
checks_reset(void)
{
	cache_stale = true;
}

static void
drop_cache(void)
{
	if (cache_cxt != NULL)
		MemoryContextDelete(cache_cxt);
	cache_cxt = NULL;
	metric_cache = NULL;
	cache_stale = false;
}

static void
ensure_cache(void)
{
	HASHCTL		ctl;

	if (!reset_registered)
	{
		av_register_reset(checks_reset);
		reset_registered = true;
	}
	if (cache_stale)
		drop_cache();
	if (metric_cache != NULL)
		return;

	/* (Re-)watch the source tables: a reset clears the watched set. */
	(void) av_relid("ai_value_metrics");
	(void) av_relid("metric_policy_rules");
	(void) av_relid("metric_exceptions");

	cache_cxt = AllocSetContextCreate(CacheMemoryContext, "aivalue metric state",
									  ALLOCSET_SMALL_SIZES);
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(pg_uuid_t);
	ctl.entrysize = sizeof(MetricState);
	ctl.hcxt = cache_cxt;
	metric_cache = hash_create("aivalue metric state", 64, &ctl,
							   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	/* the watch calls above may have processed a pending reset */
	cache_stale = false;
}

/*
 * A statement must see what other sessions committed before it started. A
 * lock already held by this transaction does not process invalidations
 * again, so do it once per statement (new transaction, command or client
 * statement); the cost is one shared-queue probe per statement, not per row.
 */
static void
accept_invalidations(void)
{
	LocalTransactionId lxid = MyProc->lxid;
	CommandId	cid = GetCurrentCommandId(false);
	TimestampTz stmt = GetCurrentStatementStartTimestamp();

	if (lxid == seen_lxid && cid == seen_cid && stmt == seen_stmt)
		return;
	AcceptInvalidationMessages();
	seen_lxid = lxid;
	seen_cid = cid;
	seen_stmt = stmt;
}

static MetricStatus
parse_status(const char *s)
{
	if (strcmp(s, "approved") == 0)
		return MS_APPROVED;
	if (strcmp(s, "blocked") == 0)
		return MS_BLOCKED;
	if (strcmp(s, "diagnostic_only") == 0)
		return MS_DIAGNOSTIC_ONLY;
	if (strcmp(s, "deprecated") == 0)
		return MS_DEPRECATED;
	if (strcmp(s, "proposed") == 0)
		return MS_PROPOSED;
	elog(ERROR, "aivalue: unknown metric status \"%s\"", s);
	return MS_PROPOSED;			/* not reached */
}

static MetricPolicy
parse_policy(const char *s)
{
	if (s == NULL)
		return MP_NONE;
	if (strcmp(s, "allow") == 0)
		return MP_ALLOW;
	if (strcmp(s, "block") == 0)
		return MP_BLOCK;
	if (strcmp(s, "diagnostic_only") == 0)
		return MP_DIAGNOSTIC_ONLY;
	if (strcmp(s, "requires_exception") == 0)
		return MP_REQUIRES_EXCEPTION;
	elog(ERROR, "aivalue: unknown metric policy \"%s\"", s);
	return MP_NONE;				/* not reached */
}

static char *
cache_strdup(const char *s)
{
	return s == NULL ? NULL : MemoryContextStrdup(cache_cxt, s);
}

/*
 * Load the state of one metric as of time t into *st (strings copied into
 * cache_cxt). Rare path: run as the extension owner with a fresh snapshot,
 * so that a session in REPEATABLE READ never caches state older than what
 * other backends will keep after it (the cache outlives the transaction).
 */
static void
load_metric_state(const pg_uuid_t *id, TimestampTz t, MetricState *st)
{
	AvPriv		priv;
	Datum		args[2];
	int			rc;

	args[0] = UUIDPGetDatum(id);
	args[1] = TimestampTzGetDatum(t);

	memset(((char *) st) + sizeof(pg_uuid_t), 0, sizeof(MetricState) - sizeof(pg_uuid_t));
	st->next_rule_at = TS_NOEND;
	st->exception_until = TS_NOBEGIN;

	av_priv_enter(&priv, av_owner());
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (load_plan == NULL || !SPI_plan_is_valid(load_plan))
	{
		Oid			argtypes[2] = {UUIDOID, TIMESTAMPTZOID};
		SPIPlanPtr	plan;

		/* Rule tie-break (same effective_at): a block wins, fail closed. */
		plan = SPI_prepare(
						   "SELECT m.metric_key, m.status::pg_catalog.text, "
						   "m.metric_type::pg_catalog.text, m.baseline_required, "
						   "r.policy::pg_catalog.text, r.rationale, "
						   "pg_catalog.array_to_string(r.alternatives, ', '), "
						   "(SELECT pg_catalog.min(f.effective_at) FROM ai_value.metric_policy_rules f "
						   "  WHERE f.metric_id OPERATOR(pg_catalog.=) m.id "
						   "    AND f.effective_at OPERATOR(pg_catalog.>) $2), "
						   "(SELECT pg_catalog.max(e.expires_at) FROM ai_value.metric_exceptions e "
						   "  WHERE e.metric_id OPERATOR(pg_catalog.=) m.id "
						   "    AND e.status OPERATOR(pg_catalog.=) 'approved'::ai_value.exception_status) "
						   "FROM ai_value.ai_value_metrics m "
						   "LEFT JOIN LATERAL (SELECT p.policy, p.rationale, p.alternatives "
						   "  FROM ai_value.metric_policy_rules p "
						   "  WHERE p.metric_id OPERATOR(pg_catalog.=) m.id "
						   "    AND p.effective_at OPERATOR(pg_catalog.<=) $2 "
						   "  ORDER BY p.effective_at DESC, "
						   "    (p.policy OPERATOR(pg_catalog.=) 'block'::ai_value.metric_policy) DESC, p.id "
						   "  LIMIT 1) r ON true "
						   "WHERE m.id OPERATOR(pg_catalog.=) $1",
						   2, argtypes);
		if (plan == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		if (load_plan != NULL)
			SPI_freeplan(load_plan);
		SPI_keepplan(plan);
		load_plan = plan;
	}
	rc = SPI_execute_snapshot(load_plan, args, NULL, GetLatestSnapshot(),
							  InvalidSnapshot, true, false, 1);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "aivalue: metric state lookup failed: %s", SPI_result_code_string(rc));
	if (SPI_processed == 1)
	{
		HeapTuple	tup = SPI_tuptable->vals[0];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		char	   *type;
		Datum		d;

		st->exists = true;
		st->metric_key = cache_strdup(SPI_getvalue(tup, desc, 1));
		st->status = parse_status(SPI_getvalue(tup, desc, 2));
		type = SPI_getvalue(tup, desc, 3);
		st->activity = (strcmp(type, "blocked_activity") == 0);
		st->baseline_required = DatumGetBool(SPI_getbinval(tup, desc, 4, &isnull));
		st->policy = parse_policy(SPI_getvalue(tup, desc, 5));
		st->rationale = cache_strdup(SPI_getvalue(tup, desc, 6));
		st->alternatives = cache_strdup(SPI_getvalue(tup, desc, 7));
		d = SPI_getbinval(tup, desc, 8, &isnull);
		if (!isnull)
			st->next_rule_at = DatumGetTimestampTz(d);
		d = SPI_getbinval(tup, desc, 9, &isnull);
		if (!isnull)
			st->exception_until = DatumGetTimestampTz(d);
	}
	SPI_finish();
	av_priv_leave(&priv);
}

/* The cached state of metric id, loaded on a miss or when a rule came due. */
static MetricState *
metric_state(const pg_uuid_t *id, TimestampTz *now)
{
	MetricState *st;
	MetricState tmp;
	bool		found;

	ensure_cache();
	st = (MetricState *) hash_search(metric_cache, id, HASH_FIND, &found);
	if (st != NULL && st->next_rule_at != TS_NOEND)
	{
		if (*now == 0)
			*now = GetCurrentTimestamp();
		if (*now >= st->next_rule_at)
		{
			/* a future rule has come into force: judge it fresh */
			hash_search(metric_cache, id, HASH_REMOVE, NULL);
			st = NULL;
		}
	}
	if (st != NULL)
		return st;

	if (*now == 0)
		*now = GetCurrentTimestamp();
	memcpy(&tmp.id, id, sizeof(pg_uuid_t));
	load_metric_state(id, *now, &tmp);
	/* A reset may have run during the load: start a fresh hash if so. */
	ensure_cache();
	st = (MetricState *) hash_search(metric_cache, id, HASH_ENTER, &found);
	memcpy(st, &tmp, sizeof(MetricState));
	return st;
}

/*
 * Blank = only whitespace or invisible format characters, the same class
 * as the evidence_ref CHECK constraint, so the trigger reports AV004 before
 * the constraint would report 23514.
 */
static bool
is_blank_char(pg_wchar c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0x85 || c == 0xa0 ||
		c == 0x1680 || c == 0x180e || (c >= 0x2000 && c <= 0x200f) ||
		(c >= 0x2028 && c <= 0x202f) || (c >= 0x205f && c <= 0x2064) ||
		c == 0x3000 || c == 0xfeff;
}

static bool
text_is_blank(Datum d)
{
	text	   *t = DatumGetTextPP(d);
	const unsigned char *p = (const unsigned char *) VARDATA_ANY(t);
	const unsigned char *end = p + VARSIZE_ANY_EXHDR(t);
	bool		utf8 = (GetDatabaseEncoding() == PG_UTF8);

	while (p < end)
	{
		int			len;

		if (*p < 0x80 || !utf8)
		{
			if (!is_blank_char(*p))
				return false;
			p++;
			continue;
		}
		len = pg_utf_mblen(p);
		if (p + len > end || !is_blank_char(utf8_to_unicode(p)))
			return false;
		p += len;
	}
	return true;
}

static void
resolve_attnums(Relation rel)
{
	TupleDesc	desc = RelationGetDescr(rel);

	if (att_relid == RelationGetRelid(rel) &&
		att_metric <= desc->natts && att_baseline <= desc->natts && att_evidence <= desc->natts &&
		strcmp(NameStr(TupleDescAttr(desc, att_metric - 1)->attname), "metric_id") == 0 &&
		strcmp(NameStr(TupleDescAttr(desc, att_baseline - 1)->attname), "baseline_value") == 0 &&
		strcmp(NameStr(TupleDescAttr(desc, att_evidence - 1)->attname), "evidence_ref") == 0)
		return;
	att_relid = InvalidOid;
	att_metric = SPI_fnumber(desc, "metric_id");
	att_baseline = SPI_fnumber(desc, "baseline_value");
	att_evidence = SPI_fnumber(desc, "evidence_ref");
	if (att_metric <= 0 || att_baseline <= 0 || att_evidence <= 0 ||
		TupleDescAttr(desc, att_metric - 1)->atttypid != UUIDOID)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("check_outcome must be fired on a table with metric_id uuid, baseline_value and evidence_ref")));
	att_relid = RelationGetRelid(rel);
}

static void
refuse(const MetricState *st)
{
	const char *key = st->metric_key;

	/* 1. blocked */
	if (st->status == MS_BLOCKED || st->policy == MP_BLOCK)
	{
		const char *alts = (st->alternatives != NULL && st->alternatives[0] != '\0') ?
		st->alternatives : default_alternatives;

		if (st->rationale != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_AV_BLOCKED_METRIC),
					 errmsg("metric \"%s\" is blocked", key),
					 errdetail("%s", st->rationale),
					 errhint("Record outcomes against a value metric instead: %s.", alts)));
		ereport(ERROR,
				(errcode(ERRCODE_AV_BLOCKED_METRIC),
				 errmsg("metric \"%s\" is blocked", key),
				 st->activity ?
				 errdetail("Activity metrics count consumption (tokens, prompts, usage rank), not value: ranking or rewarding them invites Tokenmaxxing.") :
				 errdetail("Governance blocked this metric."),
				 errhint("Record outcomes against a value metric instead: %s.", alts)));
	}
	/* 2. diagnostic only */
	if (st->status == MS_DIAGNOSTIC_ONLY || st->policy == MP_DIAGNOSTIC_ONLY)
		ereport(ERROR,
				(errcode(ERRCODE_AV_DIAGNOSTIC_ONLY),
				 errmsg("metric \"%s\" is diagnostic-only: diagnostic-only metrics cannot enter a scorecard", key),
				 st->rationale != NULL ? errdetail("%s", st->rationale) :
				 errdetail("Token and cost data are a finance diagnostic, not a value outcome."),
				 errhint("Record token cost in ai_value.token_cost_diagnostics; record outcomes against a value metric.")));
	/* 3. requires_exception without an active exception */
	if (st->policy == MP_REQUIRES_EXCEPTION)
		ereport(ERROR,
				(errcode(ERRCODE_AV_NOT_APPROVED),
				 errmsg("metric \"%s\" is not approved", key),
				 errdetail("Its policy requires an exception, and it has no active exception (approved and not expired)."),
				 errhint("A team owner requests one with ai_value.post_exception(); governance decides it with ai_value.decide_exception().")));
	/* 5. proposed, deprecated */
	ereport(ERROR,
			(errcode(ERRCODE_AV_NOT_APPROVED),
			 errmsg("metric \"%s\" is not approved", key),
			 errdetail("Its status is %s; outcomes are accepted only for approved metrics.",
					   st->status == MS_DEPRECATED ? "deprecated" : "proposed"),
			 st->status == MS_DEPRECATED ?
			 errhint("Record outcomes against the metric that replaced it.") :
			 errhint("Governance approves metrics with ai_value.approve_metric().")));
}

PG_FUNCTION_INFO_V1(av_check_outcome);
Datum
av_check_outcome(PG_FUNCTION_ARGS)
{
	TriggerData *td = av_trigger_data(fcinfo, "check_outcome", true, true);
	TupleDesc	desc;
	HeapTuple	newtup;
	MetricState *st;
	TimestampTz now = 0;
	bool		isnull;
	Datum		d;
	bool		accepted;

	if (!TRIGGER_FIRED_BY_INSERT(td->tg_event) && !TRIGGER_FIRED_BY_UPDATE(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("check_outcome must be fired for INSERT or UPDATE")));
	newtup = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	if (av_restore_mode())
		return PointerGetDatum(newtup);

	resolve_attnums(td->tg_relation);
	desc = RelationGetDescr(td->tg_relation);
	accept_invalidations();

	d = heap_getattr(newtup, att_metric, desc, &isnull);
	if (isnull)
		return PointerGetDatum(newtup);	/* NOT NULL reports it */
	st = metric_state(DatumGetUUIDP(d), &now);
	if (!st->exists)
		return PointerGetDatum(newtup);	/* the foreign key reports it */

	/* Acceptance order of doc/DESIGN.md. */
	if (st->status == MS_BLOCKED || st->policy == MP_BLOCK ||
		st->status == MS_DIAGNOSTIC_ONLY || st->policy == MP_DIAGNOSTIC_ONLY)
		accepted = false;
	else if (st->policy == MP_REQUIRES_EXCEPTION)
	{
		if (now == 0)
			now = GetCurrentTimestamp();
		accepted = st->exception_until > now;
	}
	else
		accepted = (st->status == MS_APPROVED);
	if (!accepted)
		refuse(st);

	if (st->baseline_required)
	{
		(void) heap_getattr(newtup, att_baseline, desc, &isnull);
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_AV_INCOMPLETE),
					 errmsg("outcome for metric \"%s\" has no baseline_value", st->metric_key),
					 errdetail("The metric requires a baseline: an outcome without one cannot show improvement."),
					 errhint("Supply baseline_value, the figure measured before AI was used.")));
	}
	d = heap_getattr(newtup, att_evidence, desc, &isnull);
	if (isnull || text_is_blank(d))
		ereport(ERROR,
				(errcode(ERRCODE_AV_INCOMPLETE),
				 errmsg("outcome for metric \"%s\" has no evidence_ref", st->metric_key),
				 errdetail("evidence_ref is %s; every outcome must point to its evidence.",
						   isnull ? "NULL" : "blank"),
				 errhint("Supply the log, review or survey id the figure comes from.")));
	return PointerGetDatum(newtup);
}
