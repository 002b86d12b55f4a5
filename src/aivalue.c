/*
 * aivalue.c — module entry point. Owns PG_MODULE_MAGIC, the GUCs, the
 * relcache-invalidation plumbing that every backend cache of the module hangs
 * on, the privileged-section helpers, restore-mode detection, principal lookup
 * and the statement-level trigger that broadcasts cache invalidation.
 */
#include "postgres.h"

#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_namespace.h"
#include "commands/extension.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/uuid.h"

#include "aivalue.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

static bool av_restoring_guc = false;
bool		av_audit_writing = false;

#define AV_MAX_RESETS 8
#define AV_MAX_WATCHED 16
static av_reset_fn reset_fns[AV_MAX_RESETS];
static int	n_reset_fns = 0;

/*
 * The watched relations, by name: av_relid() answers from here, so the
 * per-statement paths (audit, rollups, detectors) do no syscache lookups.
 * Emptied whenever one of them is invalidated (DDL, DROP EXTENSION, or the
 * av_95_invalidate triggers), after which names are resolved afresh.
 */
typedef struct WatchedRel
{
	Oid			relid;
	char		name[NAMEDATALEN];
} WatchedRel;
static WatchedRel watched[AV_MAX_WATCHED];
static int	n_watched = 0;

static void
av_relcache_callback(Datum arg, Oid relid)
{
	bool		hit = (relid == InvalidOid);
	int			i;

	for (i = 0; !hit && i < n_watched; i++)
		hit = (watched[i].relid == relid);
	if (!hit)
		return;
	/* OIDs may be stale after DROP/CREATE EXTENSION: re-resolve on next use. */
	n_watched = 0;
	for (i = 0; i < n_reset_fns; i++)
		reset_fns[i] ();
}

void
av_register_reset(av_reset_fn fn)
{
	int			i;

	for (i = 0; i < n_reset_fns; i++)
		if (reset_fns[i] == fn)
			return;
	if (n_reset_fns >= AV_MAX_RESETS)
		elog(ERROR, "aivalue: too many cache reset callbacks");
	reset_fns[n_reset_fns++] = fn;
}

void
_PG_init(void)
{
	DefineCustomBoolVariable("aivalue.restoring",
							 "Treat writes to aivalue tables as a restore of already-judged rows.",
							 "Superuser only. pg_restore sessions are detected on their own; set this for a restore through psql.",
							 &av_restoring_guc,
							 false,
							 PGC_SUSET,
							 0,
							 NULL, NULL, NULL);
	MarkGUCPrefixReserved("aivalue");
	CacheRegisterRelcacheCallback(av_relcache_callback, (Datum) 0);
}

Oid
av_relid(const char *relname)
{
	Oid			relid;
	int			i;

	for (i = 0; i < n_watched; i++)
		if (strcmp(watched[i].name, relname) == 0)
			return watched[i].relid;
	relid = get_relname_relid(relname, get_namespace_oid(AV_SCHEMA, false));
	if (!OidIsValid(relid))
		elog(ERROR, "aivalue: relation %s.%s does not exist", AV_SCHEMA, relname);
	if (n_watched < AV_MAX_WATCHED)
	{
		watched[n_watched].relid = relid;
		strlcpy(watched[n_watched].name, relname, NAMEDATALEN);
		n_watched++;
	}
	return relid;
}

int
av_attnum(TupleDesc desc, const char *name)
{
	int			attnum = SPI_fnumber(desc, name);

	if (attnum <= 0)
		elog(ERROR, "aivalue: table has no column \"%s\"", name);
	return attnum;
}

Oid
av_owner(void)
{
	Oid			nsp = get_namespace_oid(AV_SCHEMA, false);
	HeapTuple	tup;
	Oid			owner;

	tup = SearchSysCache1(NAMESPACEOID, ObjectIdGetDatum(nsp));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for namespace %u", nsp);
	owner = ((Form_pg_namespace) GETSTRUCT(tup))->nspowner;
	ReleaseSysCache(tup);
	return owner;
}

void
av_priv_enter(AvPriv *priv, Oid owner)
{
	GetUserIdAndSecContext(&priv->save_userid, &priv->save_sec_context);
	SetUserIdAndSecContext(owner, priv->save_sec_context |
						   SECURITY_LOCAL_USERID_CHANGE | SECURITY_NOFORCE_RLS);
	priv->guc_nest = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
							 true, 0, false);
}

void
av_priv_leave(AvPriv *priv)
{
	AtEOXact_GUC(true, priv->guc_nest);
	SetUserIdAndSecContext(priv->save_userid, priv->save_sec_context);
}

void
av_direct_begin(AvDirect *d, Oid relid)
{
	RangeTblEntry *rte;

	d->rel = table_open(relid, RowExclusiveLock);
	d->estate = CreateExecutorState();
	rte = makeNode(RangeTblEntry);
	rte->rtekind = RTE_RELATION;
	rte->relid = relid;
	rte->relkind = d->rel->rd_rel->relkind;
	rte->rellockmode = RowExclusiveLock;
	ExecInitRangeTable(d->estate, list_make1(rte));
	d->rri = makeNode(ResultRelInfo);
	InitResultRelInfo(d->rri, d->rel, 1, NULL, 0);
	d->estate->es_output_cid = GetCurrentCommandId(true);
	d->estate->es_snapshot = ActiveSnapshotSet() ? GetActiveSnapshot() : InvalidSnapshot;
	ExecOpenIndices(d->rri, false);
}

TupleTableSlot *
av_direct_null_slot(AvDirect *d)
{
	TupleDesc	desc = RelationGetDescr(d->rel);
	TupleTableSlot *slot = ExecInitExtraTupleSlot(d->estate, desc, &TTSOpsVirtual);
	int			i;

	ExecClearTuple(slot);
	for (i = 0; i < desc->natts; i++)
	{
		slot->tts_values[i] = (Datum) 0;
		slot->tts_isnull[i] = true;
	}
	return slot;
}

void
av_direct_end(AvDirect *d)
{
	ExecCloseIndices(d->rri);
	ExecResetTupleTable(d->estate->es_tupleTable, false);
	FreeExecutorState(d->estate);
	table_close(d->rel, NoLock);
}

bool
av_restore_mode(void)
{
	if (creating_extension)
		return true;
	if (!superuser())
		return false;
	if (av_restoring_guc)
		return true;
	return application_name != NULL && strcmp(application_name, "pg_restore") == 0;
}

TriggerData *
av_trigger_data(FunctionCallInfo fcinfo, const char *fname,
				bool want_before, bool want_row)
{
	TriggerData *td;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" was not called by trigger manager", fname)));
	td = (TriggerData *) fcinfo->context;
	if (want_before != (bool) TRIGGER_FIRED_BEFORE(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired %s", fname,
						want_before ? "BEFORE" : "AFTER")));
	if (want_row != (bool) TRIGGER_FIRED_FOR_ROW(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired %s", fname,
						want_row ? "FOR EACH ROW" : "FOR EACH STATEMENT")));
	return td;
}

/*
 * Principal lookup, cached per backend: every audited statement and every
 * person column needs it, and principals change rarely. The cache maps role
 * OID to (found, person_id), lives in its own context under
 * CacheMemoryContext and is dropped whenever ai_value.principals is
 * invalidated (av_95_invalidate on principals -> av_relcache_callback).
 */
typedef struct PersonEntry
{
	Oid			roleid;
	bool		found;
	pg_uuid_t	person;
} PersonEntry;

static HTAB *person_cache = NULL;
static SPIPlanPtr person_plan = NULL;

static void
person_cache_reset(void)
{
	if (person_cache != NULL)
		hash_destroy(person_cache);
	person_cache = NULL;
}

static bool
person_lookup_spi(Oid roleid, pg_uuid_t *out)
{
	AvPriv		priv;
	Datum		arg;
	bool		found = false;
	char	   *rolname = GetUserNameFromId(roleid, true);

	if (rolname == NULL)
		return false;
	arg = DirectFunctionCall1(namein, CStringGetDatum(rolname));

	av_priv_enter(&priv, av_owner());
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (person_plan == NULL || !SPI_plan_is_valid(person_plan))
	{
		Oid			argtypes[1] = {NAMEOID};
		SPIPlanPtr	plan;

		plan = SPI_prepare("SELECT p.person_id FROM ai_value.principals p "
						   "WHERE p.role_name OPERATOR(pg_catalog.=) $1",
						   1, argtypes);
		if (plan == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		if (person_plan != NULL)
			SPI_freeplan(person_plan);
		SPI_keepplan(plan);
		person_plan = plan;
	}
	if (SPI_execute_plan(person_plan, &arg, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "aivalue: principal lookup failed");
	if (SPI_processed == 1)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

		if (!isnull)
		{
			memcpy(out, DatumGetUUIDP(d), sizeof(pg_uuid_t));
			found = true;
		}
	}
	SPI_finish();
	av_priv_leave(&priv);
	return found;
}

bool
av_person_for_role(Oid roleid, pg_uuid_t *out)
{
	PersonEntry *e;
	bool		hit;
	pg_uuid_t	person;
	bool		found;

	if (person_cache == NULL)
	{
		HASHCTL		ctl;

		av_register_reset(person_cache_reset);
		(void) av_relid("principals");	/* watch it */
		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(Oid);
		ctl.entrysize = sizeof(PersonEntry);
		ctl.hcxt = CacheMemoryContext;
		person_cache = hash_create("aivalue principals", 16, &ctl,
								   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	e = hash_search(person_cache, &roleid, HASH_FIND, &hit);
	if (e != NULL)
	{
		if (e->found)
			memcpy(out, &e->person, sizeof(pg_uuid_t));
		return e->found;
	}
	/* The lookup may invalidate (and destroy) the cache: insert afterwards. */
	memset(&person, 0, sizeof(person));
	found = person_lookup_spi(roleid, &person);
	if (person_cache != NULL)
	{
		e = hash_search(person_cache, &roleid, HASH_ENTER, &hit);
		e->found = found;
		e->person = person;
	}
	if (found)
		memcpy(out, &person, sizeof(pg_uuid_t));
	return found;
}

/*
 * AFTER ... FOR EACH ROW on the tables that backend caches are built
 * from: queue a relcache invalidation, delivered to every backend at commit
 * (and to this one at the next command), which resets the caches through
 * av_relcache_callback.
 */
PG_FUNCTION_INFO_V1(av_invalidate_trigger);
Datum
av_invalidate_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = av_trigger_data(fcinfo, "invalidate_caches", false, true);

	CacheInvalidateRelcacheByRelid(RelationGetRelid(td->tg_relation));
	return PointerGetDatum(NULL);
}

/* SQL-callable: is this session restoring (see av_restore_mode)? */
PG_FUNCTION_INFO_V1(av_restoring);
Datum
av_restoring(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(av_restore_mode());
}
