/*
 * audit.c — the audit trail (SPEC §8). Owns:
 *  - av_audit_trigger: AFTER ... FOR EACH STATEMENT with transition tables.
 *    TG_ARGV[0] is the primary-key column, TG_ARGV[1] is 'rows' (one audit row
 *    per changed row) or 'summary' (one audit row per statement with its row
 *    count, used for INSERT on outcomes and diagnostics). 'rows' runs one
 *    saved SPI plan per (table, event) that writes the whole statement
 *    set-based, so a million-row change costs one INSERT ... SELECT.
 *    'summary' is on the ingest hot path (every single-row INSERT of an
 *    application pays it), so it writes its one row directly through the
 *    executor's simple-insert path (as logical replication's apply does):
 *    no parse, plan or SPI per statement.
 *  - av_audit_log_guard: audit_log is append-only for every role, its owner
 *    included, and only this module may append to it.
 *  - av_refuse_truncate: TRUNCATE would bypass row auditing, so it is refused.
 */
#include "postgres.h"

#include "access/table.h"
#include "catalog/dependency.h"
#include "catalog/pg_type.h"
#include "commands/sequence.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "nodes/parsenodes.h"
#include "utils/timestamp.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include "aivalue.h"

typedef struct AuditPlanKey
{
	Oid			relid;
	int			event;			/* TRIGGER_EVENT_INSERT / UPDATE / DELETE */
} AuditPlanKey;

typedef struct AuditPlanEntry
{
	AuditPlanKey key;
	SPIPlanPtr	plan;
} AuditPlanEntry;

/* Plans live as long as the backend: they are SPI_keepplan'ed and revalidated. */
static HTAB *audit_plans = NULL;

static char *
audit_query(const char *relname, const char *pk, int event)
{
	StringInfoData q;
	const char *qpk = quote_identifier(pk);
	const char *action;

	action = (event == TRIGGER_EVENT_INSERT) ? "INSERT" :
		(event == TRIGGER_EVENT_UPDATE) ? "UPDATE" : "DELETE";

	initStringInfo(&q);
	appendStringInfo(&q,
					 "INSERT INTO ai_value.audit_log (actor_role, session_role, actor_id, action, "
					 "table_name, row_id, old_row, new_row, row_count) ");
	appendStringInfo(&q,
					 "SELECT $1, $2, $3, '%s', %s, ",
					 action, quote_literal_cstr(relname));
	if (event == TRIGGER_EVENT_INSERT)
		appendStringInfo(&q,
						 "(n.%s)::pg_catalog.text, NULL, pg_catalog.to_jsonb(n), 1 FROM av_new n", qpk);
	else if (event == TRIGGER_EVENT_DELETE)
		appendStringInfo(&q,
						 "(o.%s)::pg_catalog.text, pg_catalog.to_jsonb(o), NULL, 1 FROM av_old o", qpk);
	else
		/* FULL JOIN: a changed primary key still leaves both images. */
		appendStringInfo(&q,
						 "COALESCE((n.%s)::pg_catalog.text, (o.%s)::pg_catalog.text), "
						 "pg_catalog.to_jsonb(o), pg_catalog.to_jsonb(n), 1 "
						 "FROM av_old o FULL JOIN av_new n ON o.%s OPERATOR(pg_catalog.=) n.%s",
						 qpk, qpk, qpk, qpk);
	return q.data;
}

/* audit_log's identity sequence, looked up once (pg_depend scan) per cache life. */
static Oid	audit_seq = InvalidOid;

static void
audit_seq_reset(void)
{
	audit_seq = InvalidOid;
}

/*
 * Append one statement summary to audit_log without SPI. Column positions are
 * resolved by name; the id comes from the identity sequence, "at" from the
 * clock, as the column defaults would give.
 */
static void
audit_summary_direct(const char *relname, Oid actor, Oid session, int64 nrows)
{
	static const char *const colnames[] = {"id", "at", "actor_role", "session_role", "actor_id",
	"action", "table_name", "row_count"};
	AvDirect	d;
	TupleDesc	desc;
	TupleTableSlot *slot;
	int			att[lengthof(colnames)];
	pg_uuid_t	person;
	NameData	actor_name;
	NameData	session_name;
	NameData	table_name;
	int			i;

	av_direct_begin(&d, av_relid("audit_log"));
	desc = RelationGetDescr(d.rel);
	for (i = 0; i < (int) lengthof(colnames); i++)
		att[i] = av_attnum(desc, colnames[i]);
	slot = av_direct_null_slot(&d);
	namestrcpy(&actor_name, GetUserNameFromId(actor, false));
	namestrcpy(&session_name, GetUserNameFromId(session, false));
	namestrcpy(&table_name, relname);

#define SETCOL(n, v) do { slot->tts_values[att[n] - 1] = (v); slot->tts_isnull[att[n] - 1] = false; } while (0)
	if (!OidIsValid(audit_seq))
	{
		av_register_reset(audit_seq_reset);
		audit_seq = getIdentitySequence(RelationGetRelid(d.rel), att[0], false);
	}
	SETCOL(0, Int64GetDatum(nextval_internal(audit_seq, false)));
	SETCOL(1, TimestampTzGetDatum(GetCurrentTimestamp()));
	SETCOL(2, NameGetDatum(&actor_name));
	SETCOL(3, NameGetDatum(&session_name));
	if (av_person_for_role(actor, &person))
		SETCOL(4, UUIDPGetDatum(&person));
	SETCOL(5, CStringGetTextDatum("INSERT"));
	SETCOL(6, NameGetDatum(&table_name));
	SETCOL(7, Int64GetDatum(nrows));
#undef SETCOL
	ExecStoreVirtualTuple(slot);

	av_audit_writing = true;
	PG_TRY();
	{
		ExecSimpleRelationInsert(d.rri, d.estate, slot);
	}
	PG_FINALLY();
	{
		av_audit_writing = false;
	}
	PG_END_TRY();

	av_direct_end(&d);
}

PG_FUNCTION_INFO_V1(av_audit_trigger);
Datum
av_audit_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = av_trigger_data(fcinfo, "audit_trigger", false, false);
	Trigger    *tg = td->tg_trigger;
	AuditPlanKey key;
	AuditPlanEntry *entry;
	bool		found;
	AvPriv		priv;
	Datum		args[3];
	char		nulls[3] = {' ', ' ', ' '};
	Oid			argtypes[3] = {NAMEOID, NAMEOID, UUIDOID};
	pg_uuid_t	person;
	const char *relname = RelationGetRelationName(td->tg_relation);
	char	   *actor;
	char	   *session;
	bool		summary;

	if (tg->tgnargs != 2)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("audit_trigger needs two arguments: primary-key column and 'rows' or 'summary'")));
	if (TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("audit_trigger cannot audit TRUNCATE")));
	if (av_restore_mode())
		return PointerGetDatum(NULL);

	memset(&key, 0, sizeof(key));
	key.relid = RelationGetRelid(td->tg_relation);
	key.event = td->tg_event & TRIGGER_EVENT_OPMASK;
	summary = (strcmp(tg->tgargs[1], "summary") == 0);
	if (!summary && strcmp(tg->tgargs[1], "rows") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("audit_trigger mode must be 'rows' or 'summary'")));

	if (summary)
	{
		int64		n;

		if (key.event != TRIGGER_EVENT_INSERT || td->tg_newtable == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
					 errmsg("audit_trigger 'summary' mode needs AFTER INSERT ... REFERENCING NEW TABLE")));
		n = tuplestore_tuple_count(td->tg_newtable);
		if (n > 0)
			audit_summary_direct(relname, GetUserId(), GetSessionUserId(), n);
		return PointerGetDatum(NULL);
	}

	/* Who acted: captured before the privileged section changes current_user. */
	actor = GetUserNameFromId(GetUserId(), false);
	session = GetUserNameFromId(GetSessionUserId(), false);
	args[0] = DirectFunctionCall1(namein, CStringGetDatum(actor));
	args[1] = DirectFunctionCall1(namein, CStringGetDatum(session));
	/* actor_id from the backend's principal cache, as the summary path does */
	if (av_person_for_role(GetUserId(), &person))
		args[2] = UUIDPGetDatum(&person);
	else
	{
		args[2] = (Datum) 0;
		nulls[2] = 'n';
	}

	if (audit_plans == NULL)
	{
		HASHCTL		ctl;

		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(AuditPlanKey);
		ctl.entrysize = sizeof(AuditPlanEntry);
		audit_plans = hash_create("aivalue audit plans", 32, &ctl, HASH_ELEM | HASH_BLOBS);
	}
	entry = hash_search(audit_plans, &key, HASH_ENTER, &found);
	if (!found)
		entry->plan = NULL;

	av_priv_enter(&priv, av_owner());
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_register_trigger_data(td) != SPI_OK_TD_REGISTER)
		elog(ERROR, "aivalue: audit trigger on \"%s\" needs REFERENCING transition tables av_new/av_old", relname);
	if (entry->plan == NULL || !SPI_plan_is_valid(entry->plan))
	{
		char	   *q = audit_query(relname, tg->tgargs[0], key.event);
		SPIPlanPtr	plan = SPI_prepare(q, 3, argtypes);

		if (plan == NULL)
			elog(ERROR, "SPI_prepare failed for audit of \"%s\": %s", relname,
				 SPI_result_code_string(SPI_result));
		if (entry->plan != NULL)
			SPI_freeplan(entry->plan);
		SPI_keepplan(plan);
		entry->plan = plan;
	}
	av_audit_writing = true;
	PG_TRY();
	{
		if (SPI_execute_plan(entry->plan, args, nulls, false, 0) != SPI_OK_INSERT)
			elog(ERROR, "aivalue: audit insert failed");
	}
	PG_FINALLY();
	{
		av_audit_writing = false;
	}
	PG_END_TRY();
	SPI_finish();
	av_priv_leave(&priv);
	return PointerGetDatum(NULL);
}

/* BEFORE INSERT OR UPDATE OR DELETE ... FOR EACH ROW on audit_log. */
PG_FUNCTION_INFO_V1(av_audit_log_guard);
Datum
av_audit_log_guard(PG_FUNCTION_ARGS)
{
	TriggerData *td = av_trigger_data(fcinfo, "audit_log_guard", true, true);

	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		if (av_audit_writing || av_restore_mode())
			return PointerGetDatum(td->tg_trigtuple);
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("audit_log is written only by aivalue's audit triggers"),
				 errdetail("A hand-written audit row could forge who did what.")));
	}
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("audit_log is append-only"),
			 errdetail("%s on ai_value.audit_log is refused for every role, its owner included.",
					   TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? "UPDATE" : "DELETE")));
	return PointerGetDatum(NULL);	/* not reached */
}

/* BEFORE TRUNCATE ... FOR EACH STATEMENT on every table of the extension. */
PG_FUNCTION_INFO_V1(av_refuse_truncate);
Datum
av_refuse_truncate(PG_FUNCTION_ARGS)
{
	TriggerData *td = av_trigger_data(fcinfo, "refuse_truncate", true, false);

	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("TRUNCATE of ai_value.%s is refused", RelationGetRelationName(td->tg_relation)),
			 errdetail("TRUNCATE bypasses the audit trail and the guards."),
			 errhint("Use DELETE, which is audited, or DROP EXTENSION aivalue.")));
	return PointerGetDatum(NULL);	/* not reached */
}
