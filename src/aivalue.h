/*
 * aivalue.h — shared declarations of the aivalue module: the project's
 * SQLSTATEs, the privileged-section helpers, restore-mode detection and the
 * cache-reset registry that the per-concern files (gate, checks, alerts,
 * audit, actor) build on.
 */
#ifndef AIVALUE_H
#define AIVALUE_H

#include "postgres.h"
#include "commands/trigger.h"
#include "nodes/execnodes.h"
#include "utils/rel.h"
#include "utils/uuid.h"

/* Project SQLSTATEs (SPEC §12). */
#define ERRCODE_AV_BLOCKED_METRIC       MAKE_SQLSTATE('A','V','0','0','1')
#define ERRCODE_AV_DIAGNOSTIC_ONLY      MAKE_SQLSTATE('A','V','0','0','2')
#define ERRCODE_AV_NOT_APPROVED         MAKE_SQLSTATE('A','V','0','0','3')
#define ERRCODE_AV_INCOMPLETE           MAKE_SQLSTATE('A','V','0','0','4')
#define ERRCODE_AV_INVALID_EXCEPTION    MAKE_SQLSTATE('A','V','0','0','5')
#define ERRCODE_AV_SEPARATION_OF_DUTIES MAKE_SQLSTATE('A','V','0','0','6')

#define AV_SCHEMA "ai_value"

/*
 * A privileged section: run as the owner of the extension's tables (as
 * ri_triggers.c runs as the table owner) with search_path pinned to
 * pg_catalog, pg_temp, so nothing a caller put on its search_path can be
 * reached from SQL the module sends. Errors unwind both through transaction
 * abort.
 */
typedef struct AvPriv
{
	Oid			save_userid;
	int			save_sec_context;
	int			guc_nest;
} AvPriv;

extern void av_priv_enter(AvPriv *priv, Oid owner);
extern void av_priv_leave(AvPriv *priv);

/* Attribute number of a column by name; "cannot happen" error if absent. */
extern int	av_attnum(TupleDesc desc, const char *name);

/* Owner of the ai_value schema (the extension's owner). */
extern Oid	av_owner(void);
/* OID of ai_value.<relname>, cached and watched for invalidation; error if absent. */
extern Oid	av_relid(const char *relname);

/*
 * True while pg_restore (or a superuser who set aivalue.restoring) loads the
 * extension's tables, and during CREATE EXTENSION: restored rows are already
 * judged and audited, so guards, gate, audit and detectors step aside.
 * Never true for a non-superuser.
 */
extern bool av_restore_mode(void);

/* Cache-reset registry: fn runs when a watched relation is invalidated. */
typedef void (*av_reset_fn) (void);
extern void av_register_reset(av_reset_fn fn);

/* Trigger-protocol checks shared by every trigger function. */
extern TriggerData *av_trigger_data(FunctionCallInfo fcinfo, const char *fname,
									bool want_before, bool want_row);

/* person_id of the principal mapped to role, or false if none. */
extern bool av_person_for_role(Oid roleid, pg_uuid_t *out);

/*
 * A minimal executor state for writing one row of an extension table without
 * SQL (the simple-insert/update path logical replication's apply uses): the
 * relation opened RowExclusive, its indexes open, one range-table entry.
 * av_direct_end closes everything, including the relation (lock kept).
 */
typedef struct AvDirect
{
	Relation	rel;
	EState	   *estate;
	ResultRelInfo *rri;
} AvDirect;

extern void av_direct_begin(AvDirect *d, Oid relid);
extern void av_direct_end(AvDirect *d);
/* A virtual slot on the relation's descriptor with every column NULL. */
extern TupleTableSlot *av_direct_null_slot(AvDirect *d);

/* Set while the module itself writes audit_log (audit_log's insert guard). */
extern bool av_audit_writing;

#endif							/* AIVALUE_H */
