/*
 * notify.c — change events for applications (SPEC §7). Owns av_notify_trigger:
 * AFTER ... FOR EACH STATEMENT with transition tables, TG_ARGV[0] the event:
 *  - 'gaming_alert'       AFTER INSERT on gaming_alerts (every source: the
 *                         detectors, detect_gaming, the gate);
 *  - 'policy_rule'        AFTER INSERT on metric_policy_rules;
 *  - 'exception_decision' AFTER UPDATE on metric_exceptions, for rows whose
 *                         status changed to approved, rejected or expired.
 * Each event is one NOTIFY ai_value_events with a JSON payload, sent by
 * PostgreSQL at commit (never for a rolled-back change). One SQL statement per
 * triggering statement sends them all (pg_notify over the transition table).
 */
#include "postgres.h"

#include "executor/spi.h"
#include "fmgr.h"

#include "aivalue.h"

#define OP(o) " OPERATOR(pg_catalog." o ") "

typedef enum AvEvent
{
	EV_ALERT,
	EV_POLICY_RULE,
	EV_EXCEPTION,
	N_EVENTS
} AvEvent;

/* Payload keys are fixed and in a fixed order (json, not jsonb). */
static const char *const event_sql[N_EVENTS] = {
	"SELECT pg_catalog.pg_notify('ai_value_events', pg_catalog.json_build_object("
	"  'event', 'gaming_alert', 'id', n.id, 'workflow_id', n.workflow_id,"
	"  'metric_key', m.metric_key, 'alert_type', n.alert_type, 'severity', n.severity)::pg_catalog.text)"
	"  FROM av_new n LEFT JOIN ai_value.ai_value_metrics m ON m.id" OP("=") "n.metric_id"
	" ORDER BY n.alert_type, n.workflow_id, n.metric_id, n.id",

	"SELECT pg_catalog.pg_notify('ai_value_events', pg_catalog.json_build_object("
	"  'event', 'policy_rule', 'id', n.id, 'workflow_id', NULL::pg_catalog.uuid,"
	"  'metric_key', m.metric_key, 'policy', n.policy)::pg_catalog.text)"
	"  FROM av_new n LEFT JOIN ai_value.ai_value_metrics m ON m.id" OP("=") "n.metric_id"
	" ORDER BY n.effective_at, n.id",

	"SELECT pg_catalog.pg_notify('ai_value_events', pg_catalog.json_build_object("
	"  'event', 'exception_decision', 'id', n.id, 'workflow_id', NULL::pg_catalog.uuid,"
	"  'metric_key', m.metric_key, 'status', n.status)::pg_catalog.text)"
	"  FROM av_new n JOIN av_old o ON o.id" OP("=") "n.id"
	"  LEFT JOIN ai_value.ai_value_metrics m ON m.id" OP("=") "n.metric_id"
	" WHERE n.status IS DISTINCT FROM o.status"
	"   AND n.status" OP("=") "ANY ('{approved,rejected,expired}'::ai_value.exception_status[])"
	" ORDER BY n.id",
};

static const char *const event_names[N_EVENTS] = {
	"gaming_alert", "policy_rule", "exception_decision"
};

/* Saved plans; they name the transition tables, so prepared after registering them. */
static SPIPlanPtr event_plans[N_EVENTS];

PG_FUNCTION_INFO_V1(av_notify_trigger);
Datum
av_notify_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = av_trigger_data(fcinfo, "notify_trigger", false, false);
	Trigger    *tg = td->tg_trigger;
	AvEvent		ev = N_EVENTS;
	AvPriv		priv;
	int			i;

	if (tg->tgnargs != 1)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("notify_trigger needs one argument: the event name")));
	for (i = 0; i < N_EVENTS; i++)
		if (strcmp(tg->tgargs[0], event_names[i]) == 0)
			ev = (AvEvent) i;
	if (ev == N_EVENTS)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("notify_trigger: unknown event \"%s\"", tg->tgargs[0])));
	if (td->tg_newtable == NULL || (ev == EV_EXCEPTION && td->tg_oldtable == NULL))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("notify_trigger needs REFERENCING transition tables av_new%s",
						ev == EV_EXCEPTION ? " and av_old" : "")));
	if ((ev == EV_EXCEPTION) != (bool) TRIGGER_FIRED_BY_UPDATE(td->tg_event) ||
		(ev != EV_EXCEPTION && !TRIGGER_FIRED_BY_INSERT(td->tg_event)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("notify_trigger event \"%s\" must be fired AFTER %s", event_names[ev],
						ev == EV_EXCEPTION ? "UPDATE" : "INSERT")));

	if (av_restore_mode())
		return PointerGetDatum(NULL);
	if (tuplestore_tuple_count(td->tg_newtable) == 0)
		return PointerGetDatum(NULL);

	av_priv_enter(&priv, av_owner());
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_register_trigger_data(td) != SPI_OK_TD_REGISTER)
		elog(ERROR, "aivalue: could not register transition tables");
	if (event_plans[ev] == NULL || !SPI_plan_is_valid(event_plans[ev]))
	{
		SPIPlanPtr	plan = SPI_prepare(event_sql[ev], 0, NULL);

		if (plan == NULL)
			elog(ERROR, "aivalue: SPI_prepare failed for %s events: %s", event_names[ev],
				 SPI_result_code_string(SPI_result));
		if (event_plans[ev] != NULL)
			SPI_freeplan(event_plans[ev]);
		SPI_keepplan(plan);
		event_plans[ev] = plan;
	}
	if (SPI_execute_plan(event_plans[ev], NULL, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "aivalue: sending %s events failed", event_names[ev]);
	SPI_finish();
	av_priv_leave(&priv);
	return PointerGetDatum(NULL);
}
