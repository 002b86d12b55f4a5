/*
 * actor.c — actor resolution (SPEC §3 principals). Owns av_resolve_actor:
 * BEFORE INSERT OR UPDATE ... FOR EACH ROW, TG_ARGV = the uuid columns that
 * hold a person (owner_id, approved_by, requested_by). The value written must
 * be the person mapped to current_user: NULL is filled in, anything else is a
 * forgery (42501). Without a principal only a superuser may name a person.
 * On UPDATE only columns whose value changes are judged.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/uuid.h"

#include "aivalue.h"

PG_FUNCTION_INFO_V1(av_resolve_actor);
Datum
av_resolve_actor(PG_FUNCTION_ARGS)
{
	TriggerData *td = av_trigger_data(fcinfo, "resolve_actor", true, true);
	Trigger    *tg = td->tg_trigger;
	TupleDesc	desc = RelationGetDescr(td->tg_relation);
	HeapTuple	newtup;
	bool		is_update = TRIGGER_FIRED_BY_UPDATE(td->tg_event);
	int		   *cols;
	Datum	   *vals;
	bool	   *nulls;
	int			ncols = 0;
	pg_uuid_t	person;
	bool		have_person = false;
	bool		looked_up = false;
	int			i;

	if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("resolve_actor must be fired for INSERT or UPDATE")));
	newtup = is_update ? td->tg_newtuple : td->tg_trigtuple;
	if (av_restore_mode())
		return PointerGetDatum(newtup);

	cols = palloc(sizeof(int) * tg->tgnargs);
	vals = palloc(sizeof(Datum) * tg->tgnargs);
	nulls = palloc(sizeof(bool) * tg->tgnargs);

	for (i = 0; i < tg->tgnargs; i++)
	{
		int			attnum = SPI_fnumber(desc, tg->tgargs[i]);
		bool		isnull;
		Datum		v;

		if (attnum <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
					 errmsg("resolve_actor: no column \"%s\"", tg->tgargs[i])));
		v = heap_getattr(newtup, attnum, desc, &isnull);

		if (TupleDescAttr(desc, attnum - 1)->atttypid != UUIDOID)
			ereport(ERROR,
					(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
					 errmsg("resolve_actor: column \"%s\" is not of type uuid", tg->tgargs[i])));
		if (is_update)
		{
			bool		oldnull;
			Datum		ov = heap_getattr(td->tg_trigtuple, attnum, desc, &oldnull);

			if (isnull == oldnull &&
				(isnull || memcmp(DatumGetUUIDP(v), DatumGetUUIDP(ov), UUID_LEN) == 0))
				continue;		/* unchanged */
		}
		if (!looked_up)
		{
			have_person = av_person_for_role(GetUserId(), &person);
			looked_up = true;
		}
		if (have_person)
		{
			if (isnull)
			{
				cols[ncols] = attnum;
				vals[ncols] = UUIDPGetDatum(&person);
				nulls[ncols] = false;
				ncols++;
			}
			else if (memcmp(DatumGetUUIDP(v), &person, UUID_LEN) != 0)
				ereport(ERROR,
						(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
						 errmsg("%s must be the acting principal", tg->tgargs[i]),
						 errdetail("Role \"%s\" is mapped to person %s in ai_value.principals; another person's id cannot be written.",
								   GetUserNameFromId(GetUserId(), false),
								   DatumGetCString(DirectFunctionCall1(uuid_out, UUIDPGetDatum(&person))))));
		}
		else if (!isnull && !superuser())
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("role \"%s\" has no principal and cannot name a person in %s",
							GetUserNameFromId(GetUserId(), false), tg->tgargs[i]),
					 errhint("Ask the DBA to map the role in ai_value.principals.")));
	}
	if (ncols > 0)
		newtup = heap_modify_tuple_by_cols(newtup, desc, ncols, cols, vals, nulls);
	return PointerGetDatum(newtup);
}
