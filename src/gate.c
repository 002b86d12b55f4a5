/*
 * gate.c — the governance gate (SPEC §4). Owns the vocabulary cache (built
 * from ai_value.activity_terms, reset on its invalidation), the classifier
 * that turns a proposal into a decision, the approval checks (AV001, AV002,
 * AV004), the BEFORE INSERT/UPDATE row trigger on ai_value_metrics, the
 * AFTER INSERT statement trigger that writes the gate's policy rules and
 * usage_rank_chasing alerts set-based, and ai_value.classify_metric().
 * Normalisation and matching live in normalize.c.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/jsonapi.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/hsearch.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "aivalue.h"
#include "normalize.h"

#define GOVERNANCE_ROLE "ai_value_governance"
#define ALTERNATIVES "task_completion_rate, actual_time_saved, output_quality_score, customer_satisfaction"

static const char *const alternative_keys[] = {
	"task_completion_rate", "actual_time_saved", "output_quality_score", "customer_satisfaction"
};

/* Fields of a proposal the classifier reads, in rationale order. */
enum
{
	F_KEY, F_NAME, F_FORMULA, F_SOURCE, F_COUNT
};
static const char *const field_names[F_COUNT] = {"metric_key", "metric_name", "formula", "data_source"};
static const char *const category_names[] = {"activity", "cost", "rank", "value", "piece"};

/*
 * Words every compound split may use besides the vocabulary's own words
 * ("tokencount", "promptsperuser"); they are never hits by themselves.
 */
static const char *const piece_words[] = {
	"count", "cnt", "num", "number", "total", "sum", "per", "rate", "score", "volume",
	"used", "spent", "consumed", "consumption", "employee", "emp", "user", "dev",
	"developer", "engineer", "person", "head", "day", "week", "month", "daily",
	"weekly", "monthly", "avg", "average", "mean", "max", "min", "top", "ai", "llm",
	"gpt", "chat", "api", "of", "by", "in", "team", "staff", "member", "agent", "seat",
	"time", "saved", "task", "rep", "call", "level", NULL
};

/* ---- vocabulary cache ---- */

typedef struct TermEntry
{
	char		key[AV_NZ_MAXWORD * 2 + 2];	/* stemmed "word" or "word word" */
	int			id;
	int			category;
} TermEntry;

/*
 * The cache: a hash of normalised terms and the terms' own text, in a child
 * of CacheMemoryContext that lives until activity_terms is invalidated.
 */
static MemoryContext gate_cxt = NULL;
static HTAB *term_hash = NULL;
static char **term_text = NULL;
static int	n_terms = 0;

/*
 * An invalidation can arrive while the cache is being built (SPI and catalog
 * lookups accept invalidation messages); the context being filled must not
 * be freed under the loader, so a reset then only marks the result stale.
 */
static bool loading = false;
static bool reset_pending = false;

static void
gate_cache_reset(void)
{
	if (loading)
	{
		reset_pending = true;
		return;
	}
	term_hash = NULL;
	term_text = NULL;
	n_terms = 0;
	if (gate_cxt != NULL)
		MemoryContextDelete(gate_cxt);
	gate_cxt = NULL;
}

static void *
nz_palloc(size_t size, void *arg)
{
	return MemoryContextAlloc((MemoryContext) arg, size);
}

static const AvNzAlloc *
nz_current(void)
{
	static AvNzAlloc al;

	al.alloc = nz_palloc;
	al.arg = CurrentMemoryContext;
	return &al;
}

static int
category_rank(int cat)
{
	/* Which category a key keeps when two terms normalise alike. */
	switch (cat)
	{
		case AV_CAT_VALUE:
			return 4;
		case AV_CAT_ACTIVITY:
			return 3;
		case AV_CAT_RANK:
			return 2;
		case AV_CAT_COST:
			return 1;
		default:
			return 0;
	}
}

static void
cache_put(const char *key, int id, int cat)
{
	TermEntry  *e;
	bool		found;

	if (strlen(key) >= sizeof(e->key))
		return;
	e = hash_search(term_hash, key, HASH_ENTER, &found);
	if (!found || category_rank(cat) > category_rank(e->category))
	{
		e->id = id;
		e->category = cat;
	}
}

static SPIPlanPtr terms_plan = NULL;

static int
parse_category(const char *s)
{
	if (strcmp(s, "activity") == 0)
		return AV_CAT_ACTIVITY;
	if (strcmp(s, "cost") == 0)
		return AV_CAT_COST;
	if (strcmp(s, "rank") == 0)
		return AV_CAT_RANK;
	if (strcmp(s, "value") == 0)
		return AV_CAT_VALUE;
	return -1;
}

static void
gate_cache_build(MemoryContext cxt)
{
	AvPriv		priv;
	MemoryContext old;
	HASHCTL		ctl;
	HTAB	   *h;
	char	  **texts;
	AvNzAlloc	al = {nz_palloc, NULL};
	MemoryContext scratch;
	uint64		i;
	int			p;

	av_priv_enter(&priv, av_owner());
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (terms_plan == NULL || !SPI_plan_is_valid(terms_plan))
	{
		SPIPlanPtr	plan = SPI_prepare("SELECT t.term, t.category FROM ai_value.activity_terms t",
									   0, NULL);

		if (plan == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		if (terms_plan != NULL)
			SPI_freeplan(terms_plan);
		SPI_keepplan(plan);
		terms_plan = plan;
	}
	if (SPI_execute_plan(terms_plan, NULL, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "aivalue: reading activity_terms failed");

	old = MemoryContextSwitchTo(cxt);
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(((TermEntry *) NULL)->key);
	ctl.entrysize = sizeof(TermEntry);
	ctl.hcxt = cxt;
	h = hash_create("aivalue gate terms", 512, &ctl, HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	texts = palloc0(sizeof(char *) * (SPI_processed + 1));
	scratch = AllocSetContextCreate(cxt, "aivalue gate load", ALLOCSET_SMALL_SIZES);
	al.arg = scratch;
	term_hash = h;				/* cache_put writes here */
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		char	   *term = SPI_getvalue(tup, SPI_tuptable->tupdesc, 1);
		char	   *catname = SPI_getvalue(tup, SPI_tuptable->tupdesc, 2);
		int			cat = catname ? parse_category(catname) : -1;
		AvWordList	wl;
		char		key[AV_NZ_MAXWORD * 2 + 2];
		int			w;

		if (term == NULL || cat < 0)
			continue;
		texts[i] = term;
		if (!av_nz_words(term, strlen(term), &al, &wl) || wl.n < 1 || wl.n > 2)
			continue;
		if (wl.n == 1)
			snprintf(key, sizeof(key), "%s", wl.w[0].forms[0]);
		else
			snprintf(key, sizeof(key), "%s %s", wl.w[0].forms[0], wl.w[1].forms[0]);
		cache_put(key, (int) i, cat);
		/* the words of a phrase are pieces of compound words */
		for (w = 0; w < wl.n; w++)
			cache_put(wl.w[w].forms[0], -2, AV_CAT_PIECE);
	}
	for (p = 0; piece_words[p] != NULL; p++)
		cache_put(piece_words[p], -2, AV_CAT_PIECE);
	MemoryContextDelete(scratch);
	term_text = texts;
	n_terms = (int) SPI_processed;
	MemoryContextSwitchTo(old);
	SPI_finish();
	av_priv_leave(&priv);
}

static void
gate_cache_load(void)
{
	MemoryContext cxt;

	if (term_hash != NULL && !reset_pending)
		return;
	loading = false;
	reset_pending = false;
	gate_cache_reset();
	av_register_reset(gate_cache_reset);
	(void) av_relid("activity_terms");	/* watch it */

	cxt = AllocSetContextCreate(CacheMemoryContext, "aivalue gate vocabulary",
								ALLOCSET_DEFAULT_SIZES);
	loading = true;
	PG_TRY();
	{
		gate_cache_build(cxt);
	}
	PG_CATCH();
	{
		loading = false;
		term_hash = NULL;
		term_text = NULL;
		n_terms = 0;
		MemoryContextDelete(cxt);
		PG_RE_THROW();
	}
	PG_END_TRY();
	loading = false;
	/* reset_pending stays set when an invalidation came in: reload next time */
	gate_cxt = cxt;
}

static int
gate_lookup(void *ctx, const char *key, int *category)
{
	TermEntry  *e;

	if (strlen(key) >= sizeof(e->key))
		return -1;
	e = hash_search(term_hash, key, HASH_FIND, NULL);
	if (e == NULL)
		return -1;
	*category = e->category;
	return e->id >= 0 ? e->id : 0x7fffffff;	/* pieces: known, no text */
}

/* ---- classification ---- */

typedef enum GateStatus
{
	GS_PROPOSED, GS_BLOCKED, GS_DIAGNOSTIC
} GateStatus;

typedef struct GateInput
{
	const char *text[F_COUNT];	/* NULL when absent */
	const char *metric_type;	/* label or NULL */
	bool		use_perf;		/* performance_review, ranking or compensation */
	bool		use_costonly;	/* non-empty and only budget / cost_diagnostic */
	bool		use_rank_comp;	/* any of the three performance uses */
	char	   *uses_text;		/* labels, comma separated, "" if none */
	char	   *perf_text;		/* the performance uses among them */
} GateInput;

typedef struct GateDecision
{
	GateStatus	status;
	bool		is_activity;
	bool		is_cost;
	AvHits		hits;
	char	   *rationale;
} GateDecision;

static void
read_uses(ArrayType *arr, GateInput *in)
{
	StringInfoData s;
	StringInfoData perf;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			i;
	bool		any = false;
	bool		only_cost = true;

	initStringInfo(&s);
	initStringInfo(&perf);
	in->use_perf = false;
	in->use_costonly = false;
	in->use_rank_comp = false;
	if (arr != NULL && ARR_NDIM(arr) > 0)
	{
		deconstruct_array(arr, ARR_ELEMTYPE(arr), sizeof(Oid), true, TYPALIGN_INT,
						  &elems, &nulls, &n);
		for (i = 0; i < n; i++)
		{
			char	   *label;

			if (nulls[i])
				continue;
			label = DatumGetCString(DirectFunctionCall1(enum_out, elems[i]));
			if (strstr(s.data, label) == NULL)
				appendStringInfo(&s, "%s%s", s.len ? ", " : "", label);
			any = true;
			if (strcmp(label, "performance_review") == 0 || strcmp(label, "ranking") == 0 ||
				strcmp(label, "compensation") == 0)
			{
				in->use_perf = in->use_rank_comp = true;
				if (strstr(perf.data, label) == NULL)
					appendStringInfo(&perf, "%s%s", perf.len ? ", " : "", label);
			}
			if (strcmp(label, "budget") != 0 && strcmp(label, "cost_diagnostic") != 0)
				only_cost = false;
		}
	}
	in->use_costonly = any && only_cost;
	in->uses_text = s.data;
	in->perf_text = perf.data;
}

static void
append_hits(StringInfo s, const AvHits *hits, bool value)
{
	int			i;
	int			j;
	bool		first = true;

	for (i = 0; i < hits->n; i++)
	{
		const AvHit *h = &hits->h[i];
		bool		dup = false;

		if ((h->category == AV_CAT_VALUE) != value || (!value && h->covered))
			continue;
		for (j = 0; j < i && !dup; j++)
			dup = hits->h[j].term_id == h->term_id && hits->h[j].field == h->field &&
				((hits->h[j].category == AV_CAT_VALUE) == value) && (value || !hits->h[j].covered);
		if (dup)
			continue;
		appendStringInfo(s, "%s\"%s\" in %s", first ? "" : ", ",
						 term_text[h->term_id], field_names[h->field]);
		first = false;
	}
}

static bool
has_hits(const AvHits *hits, bool value)
{
	int			i;

	for (i = 0; i < hits->n; i++)
		if ((hits->h[i].category == AV_CAT_VALUE) == value && (value || !hits->h[i].covered))
			return true;
	return false;
}

static void
gate_classify(const GateInput *in, GateDecision *d)
{
	const AvNzAlloc *al = nz_current();
	bool		any_value;
	bool		rank_hit = false;
	bool		type_activity = in->metric_type && strcmp(in->metric_type, "blocked_activity") == 0;
	bool		type_cost = in->metric_type && strcmp(in->metric_type, "cost_diagnostic") == 0;
	StringInfoData r;
	int			f;
	int			i;

	gate_cache_load();
	memset(d, 0, sizeof(*d));
	for (f = 0; f < F_COUNT; f++)
	{
		AvWordList	wl;

		if (in->text[f] == NULL)
			continue;
		if (!av_nz_words(in->text[f], strlen(in->text[f]), al, &wl))
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("could not normalise %s", field_names[f])));
		av_nz_match(&wl, f, gate_lookup, NULL, al, &d->hits);
	}
	av_nz_cover(&d->hits);

	any_value = has_hits(&d->hits, true);
	for (i = 0; i < d->hits.n; i++)
	{
		AvHit	   *h = &d->hits.h[i];

		if (h->covered)
			continue;
		if (h->category == AV_CAT_ACTIVITY)
			d->is_activity = true;
		else if (h->category == AV_CAT_COST)
			d->is_cost = true;
		else if (h->category == AV_CAT_RANK)
			rank_hit = true;
	}
	/* A leaderboard of value is still a value metric; of anything else, activity. */
	if (rank_hit && !any_value)
		d->is_activity = true;
	if (type_activity)
		d->is_activity = true;

	if (d->is_activity)
		d->status = in->use_costonly ? GS_DIAGNOSTIC : GS_BLOCKED;
	else if (type_cost)
		d->status = in->use_perf ? GS_BLOCKED : GS_DIAGNOSTIC;
	else if (d->is_cost && in->use_costonly)
		d->status = GS_DIAGNOSTIC;
	else
		d->status = GS_PROPOSED;

	initStringInfo(&r);
	if (d->status == GS_BLOCKED && d->is_activity)
	{
		appendStringInfoString(&r,
							   "Tokenmaxxing risk: this proposal measures AI activity (consumption or usage), not value. "
							   "Ranking, paying or reviewing people by activity rewards burning tokens and prompts: cost rises while value does not. ");
		if (in->uses_text[0])
			appendStringInfo(&r, "Blocked for its intended uses (%s); activity data may serve only budget and cost diagnostics. ",
							 in->uses_text);
		else
			appendStringInfoString(&r, "Blocked because no intended use was given; activity data may serve only budget and cost diagnostics. ");
	}
	else if (d->status == GS_BLOCKED)
		appendStringInfo(&r,
						 "Tokenmaxxing risk: a cost_diagnostic metric is finance data, and using token spend for %s rewards consumption, not value. "
						 "Token data is a cost diagnostic only. ",
						 in->perf_text);
	else if (d->status == GS_DIAGNOSTIC)
		appendStringInfoString(&r,
							   "Token data is a cost diagnostic only: this proposal measures AI consumption or cost, "
							   "so it may serve budget and cost diagnostics but never a scorecard, ranking, compensation or performance review. ");
	else
		appendStringInfoString(&r, "No activity (consumption or usage) term matched. ");

	if (has_hits(&d->hits, false))
	{
		appendStringInfoString(&r, "Matched ");
		append_hits(&r, &d->hits, false);
		appendStringInfoString(&r, ". ");
	}
	else if (type_activity && d->status != GS_PROPOSED)
		appendStringInfoString(&r, "Matched metric_type blocked_activity. ");
	else if (type_cost && d->status != GS_PROPOSED)
		appendStringInfoString(&r, "Matched metric_type cost_diagnostic. ");
	if (any_value)
	{
		appendStringInfoString(&r, "Value phrases: ");
		append_hits(&r, &d->hits, true);
		appendStringInfoString(&r, ". ");
	}
	if (d->status != GS_PROPOSED)
		appendStringInfoString(&r, "Use a value metric instead: " ALTERNATIVES ".");
	else
		appendStringInfoString(&r, "The proposal awaits a governance decision.");
	d->rationale = r.data;
}

static char *
matched_json(const AvHits *hits)
{
	StringInfoData s;
	int			i;

	initStringInfo(&s);
	appendStringInfoChar(&s, '[');
	for (i = 0; i < hits->n; i++)
	{
		const AvHit *h = &hits->h[i];
		bool		counted = (h->category != AV_CAT_VALUE && !h->covered);
		bool		dup = false;
		int			j;

		/* one entry per (term, field, counted): positions do not matter here */
		for (j = 0; j < i && !dup; j++)
			dup = hits->h[j].term_id == h->term_id && hits->h[j].field == h->field &&
				(hits->h[j].category != AV_CAT_VALUE && !hits->h[j].covered) == counted;
		if (dup)
			continue;
		if (s.len > 1)
			appendStringInfoString(&s, ", ");
		appendStringInfoString(&s, "{\"term\": ");
		escape_json(&s, term_text[h->term_id]);
		appendStringInfo(&s, ", \"category\": \"%s\", \"field\": \"%s\", \"counted\": %s}",
						 category_names[h->category], field_names[h->field],
						 counted ? "true" : "false");
	}
	appendStringInfoChar(&s, ']');
	return s.data;
}

/* Text of a datum as UTF-8 (the normaliser reads UTF-8 whatever the server encoding). */
static char *
utf8_text(Datum d)
{
	text	   *t = DatumGetTextPP(d);
	char	   *s = text_to_cstring(t);

	return pg_server_to_any(s, strlen(s), PG_UTF8);
}

static bool
is_governance(void)
{
	Oid			gov;

	if (superuser())
		return true;
	gov = get_role_oid(GOVERNANCE_ROLE, true);
	return OidIsValid(gov) && has_privs_of_role(GetUserId(), gov);
}

/* ---- approval checks (SPEC §4) ---- */

typedef struct MetricCols
{
	int			key,
				name,
				type,
				status,
				formula,
				source,
				baseline,
				quality,
				antigaming,
				uses,
				updated;
} MetricCols;

static void
metric_cols(TupleDesc desc, MetricCols *c)
{
	c->key = av_attnum(desc, "metric_key");
	c->name = av_attnum(desc, "metric_name");
	c->type = av_attnum(desc, "metric_type");
	c->status = av_attnum(desc, "status");
	c->formula = av_attnum(desc, "formula");
	c->source = av_attnum(desc, "data_source");
	c->baseline = av_attnum(desc, "baseline_required");
	c->quality = av_attnum(desc, "quality_gate");
	c->antigaming = av_attnum(desc, "anti_gaming_check");
	c->uses = av_attnum(desc, "intended_uses");
	c->updated = av_attnum(desc, "updated_at");
}

static char *
enum_label(HeapTuple tup, TupleDesc desc, int att)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, att, desc, &isnull);

	return isnull ? NULL : DatumGetCString(DirectFunctionCall1(enum_out, d));
}

static const char *
text_col(HeapTuple tup, TupleDesc desc, int att)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, att, desc, &isnull);

	return isnull ? NULL : utf8_text(d);
}

static void
row_input(HeapTuple tup, TupleDesc desc, const MetricCols *c, GateInput *in)
{
	bool		isnull;
	Datum		uses = heap_getattr(tup, c->uses, desc, &isnull);

	in->text[F_KEY] = text_col(tup, desc, c->key);
	in->text[F_NAME] = text_col(tup, desc, c->name);
	in->text[F_FORMULA] = text_col(tup, desc, c->formula);
	in->text[F_SOURCE] = text_col(tup, desc, c->source);
	in->metric_type = enum_label(tup, desc, c->type);
	read_uses(isnull ? NULL : DatumGetArrayTypeP(uses), in);
}

static bool
field_missing(HeapTuple tup, TupleDesc desc, int att)
{
	const char *s = text_col(tup, desc, att);

	return s == NULL || av_nz_is_placeholder(s, strlen(s), nz_current());
}

/* Refuses the approval of the row (AV001, AV002, AV004) or returns. */
static void
approval_checks(HeapTuple tup, TupleDesc desc, const MetricCols *c,
				const GateInput *in, const GateDecision *d)
{
	const char *key = in->text[F_KEY] ? in->text[F_KEY] : "?";
	StringInfoData miss;
	bool		isnull;
	Datum		baseline;

	if (d->is_activity)
		ereport(ERROR,
				(errcode(ERRCODE_AV_BLOCKED_METRIC),
				 errmsg("activity metric \"%s\" cannot be approved", key),
				 errdetail("%s", d->rationale),
				 errhint("Propose a value metric instead: " ALTERNATIVES ".")));
	if ((in->metric_type && strcmp(in->metric_type, "cost_diagnostic") == 0) ||
		d->status == GS_DIAGNOSTIC)
		ereport(ERROR,
				(errcode(ERRCODE_AV_DIAGNOSTIC_ONLY),
				 errmsg("cost diagnostic metric \"%s\" cannot be approved", key),
				 errdetail("Token and cost data are a finance diagnostic only; diagnostic-only metrics cannot enter a scorecard."),
				 errhint("Use a value metric for the scorecard: " ALTERNATIVES ".")));

	initStringInfo(&miss);
	if (field_missing(tup, desc, c->formula))
		appendStringInfoString(&miss, "formula");
	if (field_missing(tup, desc, c->source))
		appendStringInfo(&miss, "%sdata_source", miss.len ? ", " : "");
	if (field_missing(tup, desc, c->quality))
		appendStringInfo(&miss, "%squality_gate", miss.len ? ", " : "");
	if (field_missing(tup, desc, c->antigaming))
		appendStringInfo(&miss, "%santi_gaming_check", miss.len ? ", " : "");
	baseline = heap_getattr(tup, c->baseline, desc, &isnull);
	if (isnull || !DatumGetBool(baseline))
		appendStringInfo(&miss, "%sbaseline_required = true", miss.len ? ", " : "");
	if (miss.len > 0)
		ereport(ERROR,
				(errcode(ERRCODE_AV_INCOMPLETE),
				 errmsg("metric \"%s\" cannot be approved without %s", key, miss.data),
				 errdetail("An approved metric needs a formula, data_source, quality_gate and anti_gaming_check that are present, non-blank and not placeholders (tbd, n/a, todo, -), and baseline_required = true.")));
}

static Datum
status_datum(Oid typid, const char *label)
{
	return DirectFunctionCall2(enum_in, CStringGetDatum(label), ObjectIdGetDatum(typid));
}

static const char *
status_label(GateStatus s)
{
	return s == GS_BLOCKED ? "blocked" : s == GS_DIAGNOSTIC ? "diagnostic_only" : "proposed";
}

/* ---- BEFORE INSERT OR UPDATE ... FOR EACH ROW on ai_value_metrics ---- */

static bool
col_changed(HeapTuple a, HeapTuple b, TupleDesc desc, int att)
{
	bool		na;
	bool		nb;
	Datum		da = heap_getattr(a, att, desc, &na);
	Datum		db = heap_getattr(b, att, desc, &nb);
	Form_pg_attribute attr = TupleDescAttr(desc, att - 1);

	if (na || nb)
		return na != nb;
	return !datum_image_eq(da, db, attr->attbyval, attr->attlen);
}

PG_FUNCTION_INFO_V1(av_gate_trigger);
Datum
av_gate_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = av_trigger_data(fcinfo, "gate", true, true);
	TupleDesc	desc = RelationGetDescr(td->tg_relation);
	HeapTuple	newtup;
	MetricCols	c;
	char	   *requested;
	GateInput	in;
	GateDecision d;

	if (TRIGGER_FIRED_BY_DELETE(td->tg_event) || TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"gate\" must be fired for INSERT or UPDATE")));
	newtup = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	if (av_restore_mode())
		return PointerGetDatum(newtup);
	metric_cols(desc, &c);
	requested = enum_label(newtup, desc, c.status);

	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		const char *final;

		row_input(newtup, desc, &c, &in);
		gate_classify(&in, &d);
		final = status_label(d.status);
		if (requested != NULL && strcmp(requested, "proposed") != 0)
		{
			if (!is_governance())
				ereport(ERROR,
						(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
						 errmsg("only governance can register a metric as %s", requested),
						 errhint("Propose the metric; governance approves it with ai_value.approve_metric().")));
			if (strcmp(requested, "approved") == 0)
			{
				approval_checks(newtup, desc, &c, &in, &d);
				final = "approved";
			}
			else if (strcmp(requested, "blocked") == 0 || d.status == GS_PROPOSED)
				final = requested;	/* governance may be stricter than the gate */
		}
		if (requested == NULL || strcmp(final, requested) != 0)
		{
			int			cols[1] = {c.status};
			Datum		vals[1];
			bool		nulls[1] = {false};

			vals[0] = status_datum(TupleDescAttr(desc, c.status - 1)->atttypid, final);
			newtup = heap_modify_tuple_by_cols(newtup, desc, 1, cols, vals, nulls);
		}
		return PointerGetDatum(newtup);
	}

	/* UPDATE */
	{
		HeapTuple	oldtup = td->tg_trigtuple;
		char	   *oldstatus = enum_label(oldtup, desc, c.status);
		bool		status_changed = col_changed(oldtup, newtup, desc, c.status);
		int			cols[1] = {c.updated};
		Datum		vals[1];
		bool		nulls[1] = {false};

		if ((col_changed(oldtup, newtup, desc, c.key) || col_changed(oldtup, newtup, desc, c.type)) &&
			!superuser())
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("metric_key and metric_type of a metric cannot be changed"),
					 errdetail("Outcomes, rules and alerts refer to the metric as it was judged."),
					 errhint("Propose a new metric instead.")));
		if (status_changed && !is_governance())
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("only governance can change the status of a metric")));
		if (requested != NULL && strcmp(requested, "approved") == 0 &&
			(strcmp(oldstatus, "approved") != 0 ||
			 col_changed(oldtup, newtup, desc, c.name) ||
			 col_changed(oldtup, newtup, desc, c.formula) ||
			 col_changed(oldtup, newtup, desc, c.source) ||
			 col_changed(oldtup, newtup, desc, c.quality) ||
			 col_changed(oldtup, newtup, desc, c.antigaming) ||
			 col_changed(oldtup, newtup, desc, c.baseline) ||
			 col_changed(oldtup, newtup, desc, c.uses)))
		{
			if (!is_governance())
				ereport(ERROR,
						(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
						 errmsg("only governance can approve a metric")));
			row_input(newtup, desc, &c, &in);
			gate_classify(&in, &d);
			approval_checks(newtup, desc, &c, &in, &d);
		}
		/*
		 * A proposal edited so that the gate would now judge it more
		 * strictly (its uses widened to ranking, tokens written into its
		 * formula) must go through the gate's decision, not around it.
		 */
		else if (requested != NULL &&
				 (strcmp(requested, "proposed") == 0 || strcmp(requested, "diagnostic_only") == 0) &&
				 (col_changed(oldtup, newtup, desc, c.name) ||
				  col_changed(oldtup, newtup, desc, c.formula) ||
				  col_changed(oldtup, newtup, desc, c.source) ||
				  col_changed(oldtup, newtup, desc, c.uses)))
		{
			row_input(newtup, desc, &c, &in);
			gate_classify(&in, &d);
			if (d.status == GS_BLOCKED)
				ereport(ERROR,
						(errcode(ERRCODE_AV_BLOCKED_METRIC),
						 errmsg("this change would make metric \"%s\" a blocked metric", in.text[F_KEY]),
						 errdetail("%s", d.rationale),
						 errhint("Block it with ai_value.block_metric(), or propose a new metric.")));
			if (d.status == GS_DIAGNOSTIC && strcmp(requested, "proposed") == 0)
				ereport(ERROR,
						(errcode(ERRCODE_AV_DIAGNOSTIC_ONLY),
						 errmsg("this change would make metric \"%s\" a diagnostic-only metric", in.text[F_KEY]),
						 errdetail("%s", d.rationale),
						 errhint("Use ai_value.set_policy(..., 'diagnostic_only', ...), or propose a new metric.")));
		}
		vals[0] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
		return PointerGetDatum(heap_modify_tuple_by_cols(newtup, desc, 1, cols, vals, nulls));
	}
}

/* ---- AFTER INSERT ... FOR EACH STATEMENT: policy rules and alerts ---- */

/*
 * The gate's rules and alerts reference the new metric, so they cannot be
 * written from the BEFORE trigger (the foreign key check of the nested
 * insert would not find the row yet). One set-based statement over the
 * transition table writes them all. A row governance registered with a
 * status of its own choosing (approved, or blocked where the gate saw no
 * activity) gets a rule naming that governance person (the row's owner_id,
 * filled from principals), since the rule is written here as the owner.
 */
static SPIPlanPtr rules_plan = NULL;

#define RULES_SQL \
"WITH d AS (" \
"  SELECT n.id, n.metric_key, n.metric_name, n.metric_type, n.status, n.intended_uses, n.owner_id," \
"         c.status AS c_status, c.rationale, c.matched" \
"    FROM av_new n" \
"    CROSS JOIN LATERAL ai_value.classify_metric(n.metric_key, n.metric_name, n.formula," \
"                       n.data_source, n.intended_uses, n.metric_type) c" \
"   WHERE n.status OPERATOR(pg_catalog.=) ANY ('{blocked,diagnostic_only,approved}'::ai_value.metric_status[])" \
"), r AS (" \
"  INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale, alternatives, approved_by)" \
"  SELECT d.id," \
"         CASE WHEN d.status OPERATOR(pg_catalog.=) 'blocked'::ai_value.metric_status THEN 'block'" \
"              WHEN d.status OPERATOR(pg_catalog.=) 'approved'::ai_value.metric_status THEN 'allow'" \
"              ELSE 'diagnostic_only' END::ai_value.metric_policy," \
"         CASE WHEN d.c_status OPERATOR(pg_catalog.=) d.status THEN d.rationale" \
"              ELSE 'Registered by governance with status ' OPERATOR(pg_catalog.||) d.status::pg_catalog.text" \
"                   OPERATOR(pg_catalog.||) '.' END," \
"         CASE WHEN d.status OPERATOR(pg_catalog.=) 'approved'::ai_value.metric_status THEN '{}'::pg_catalog.text[]" \
"              ELSE '{task_completion_rate,actual_time_saved,output_quality_score,customer_satisfaction}'::pg_catalog.text[] END," \
"         CASE WHEN d.c_status OPERATOR(pg_catalog.=) d.status THEN NULL ELSE d.owner_id END" \
"    FROM d" \
"  RETURNING 1" \
")" \
"INSERT INTO ai_value.gaming_alerts (workflow_id, alert_type, severity, evidence_json, metric_id)" \
"SELECT NULL, 'usage_rank_chasing', 'high'," \
"       pg_catalog.jsonb_build_object(" \
"         'rule', 'usage_rank_chasing'," \
"         'description', 'activity metric proposed for ranking, compensation or performance review'," \
"         'window', d.id::pg_catalog.text," \
"         'metric_id', d.id," \
"         'proposal', pg_catalog.jsonb_build_object(" \
"             'metric_key', d.metric_key, 'metric_name', d.metric_name," \
"             'metric_type', d.metric_type, 'intended_uses', pg_catalog.to_jsonb(d.intended_uses)," \
"             'matched_terms', d.matched))," \
"       d.id" \
"  FROM d" \
" WHERE d.status OPERATOR(pg_catalog.=) 'blocked'::ai_value.metric_status" \
"   AND d.intended_uses OPERATOR(pg_catalog.&&) '{ranking,compensation,performance_review}'::ai_value.metric_use[]" \
"ON CONFLICT DO NOTHING"

PG_FUNCTION_INFO_V1(av_gate_rules_trigger);
Datum
av_gate_rules_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = av_trigger_data(fcinfo, "gate_rules", false, false);
	AvPriv		priv;
	int			rc;

	if (!TRIGGER_FIRED_BY_INSERT(td->tg_event) || td->tg_newtable == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"gate_rules\" must be fired AFTER INSERT with REFERENCING NEW TABLE AS av_new")));
	if (av_restore_mode())
		return PointerGetDatum(NULL);

	av_priv_enter(&priv, av_owner());
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_register_trigger_data(td) != SPI_OK_TD_REGISTER)
		elog(ERROR, "SPI_register_trigger_data failed");
	if (rules_plan == NULL || !SPI_plan_is_valid(rules_plan))
	{
		SPIPlanPtr	plan = SPI_prepare(RULES_SQL, 0, NULL);

		if (plan == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		if (rules_plan != NULL)
			SPI_freeplan(rules_plan);
		SPI_keepplan(plan);
		rules_plan = plan;
	}
	rc = SPI_execute_plan(rules_plan, NULL, NULL, false, 0);
	if (rc != SPI_OK_INSERT)
		elog(ERROR, "aivalue: writing the gate's policy rules failed: %s", SPI_result_code_string(rc));
	SPI_finish();
	av_priv_leave(&priv);
	return PointerGetDatum(NULL);
}

/* ---- ai_value.classify_metric() ---- */

PG_FUNCTION_INFO_V1(av_classify_metric);
Datum
av_classify_metric(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	GateInput	in;
	GateDecision d;
	Datum		values[6];
	bool		nulls[6] = {false, false, false, false, false, false};
	int			f;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "classify_metric must return a composite type");
	desc = BlessTupleDesc(desc);
	if (desc->natts != 6)
		elog(ERROR, "classify_metric: unexpected result columns");

	for (f = 0; f < F_COUNT; f++)
		in.text[f] = PG_ARGISNULL(f) ? NULL : utf8_text(PG_GETARG_DATUM(f));
	read_uses(PG_ARGISNULL(4) ? NULL : PG_GETARG_ARRAYTYPE_P(4), &in);
	in.metric_type = (PG_NARGS() > 5 && !PG_ARGISNULL(5)) ?
		DatumGetCString(DirectFunctionCall1(enum_out, PG_GETARG_DATUM(5))) : NULL;

	gate_classify(&in, &d);

	values[0] = status_datum(TupleDescAttr(desc, 0)->atttypid, status_label(d.status));
	if (d.status == GS_PROPOSED)
		nulls[1] = true;
	else
		values[1] = status_datum(TupleDescAttr(desc, 1)->atttypid,
								 d.status == GS_BLOCKED ? "block" : "diagnostic_only");
	values[2] = BoolGetDatum(d.is_activity);
	values[3] = DirectFunctionCall1(jsonb_in, CStringGetDatum(matched_json(&d.hits)));
	values[4] = CStringGetTextDatum(d.rationale);
	{
		Datum		alts[4];
		int			n = 0;

		if (d.status != GS_PROPOSED)
			for (n = 0; n < 4; n++)
				alts[n] = CStringGetTextDatum(alternative_keys[n]);
		values[5] = PointerGetDatum(construct_array(alts, n, TEXTOID, -1, false, TYPALIGN_INT));
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/*
 * SQL-callable: is this text missing for approval purposes (NULL, blank or a
 * placeholder such as tbd / n/a / todo / -)? The same test approval uses, so
 * health_check() judges stored metrics exactly as the gate would.
 */
PG_FUNCTION_INFO_V1(av_is_placeholder);
Datum
av_is_placeholder(PG_FUNCTION_ARGS)
{
	char	   *s;

	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(true);
	s = text_to_cstring(PG_GETARG_TEXT_PP(0));
	PG_RETURN_BOOL(av_nz_is_placeholder(s, strlen(s), nz_current()));
}
