-- Piece 30: audit, actor resolution, cache invalidation, TRUNCATE refusal and
-- restore handling (SPEC §3, §8). Trigger names carry a number so that their
-- firing order (alphabetical) is deliberate: av_10 actor, av_20 gate/guards,
-- av_80 set-based maintenance, av_90 audit, av_95 cache invalidation.

CREATE FUNCTION ai_value.audit_trigger() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'av_audit_trigger';
COMMENT ON FUNCTION ai_value.audit_trigger() IS 'Statement-level audit from transition tables: args (primary-key column, rows|summary).';
CREATE FUNCTION ai_value.audit_log_guard() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'av_audit_log_guard';
COMMENT ON FUNCTION ai_value.audit_log_guard() IS 'Keeps audit_log append-only and written only by the audit triggers.';
CREATE FUNCTION ai_value.refuse_truncate() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'av_refuse_truncate';
COMMENT ON FUNCTION ai_value.refuse_truncate() IS 'Refuses TRUNCATE, which would bypass audit and guards.';
CREATE FUNCTION ai_value.resolve_actor() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'av_resolve_actor';
COMMENT ON FUNCTION ai_value.resolve_actor() IS 'Fills person columns from principals for current_user and refuses forged ones (42501).';
CREATE FUNCTION ai_value.invalidate_caches() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'av_invalidate_trigger';
COMMENT ON FUNCTION ai_value.invalidate_caches() IS 'Broadcasts a relcache invalidation so every backend drops its aivalue caches.';
CREATE FUNCTION ai_value._restoring() RETURNS boolean
    LANGUAGE c STABLE AS 'MODULE_PATHNAME', 'av_restoring';
COMMENT ON FUNCTION ai_value._restoring() IS 'Internal: true while a superuser restores (pg_restore or aivalue.restoring = on) or during CREATE EXTENSION.';

-- Seeded rows are created by CREATE EXTENSION and dumped only when edited; on
-- restore the dumped row must replace the seeded one instead of colliding.
CREATE FUNCTION ai_value._seed_row_guard() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF TG_TABLE_NAME = 'activity_terms' AND NOT ai_value._restoring() THEN
            NEW.seeded := false;   -- an edited seed is governance data: dump it
        END IF;
        RETURN NEW;
    END IF;
    IF NOT ai_value._restoring() THEN
        RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'settings' THEN
        UPDATE ai_value.settings s SET value = NEW.value, description = NEW.description
         WHERE s.key OPERATOR(pg_catalog.=) NEW.key;
    ELSE
        UPDATE ai_value.activity_terms t SET category = NEW.category, note = NEW.note, seeded = NEW.seeded
         WHERE t.term OPERATOR(pg_catalog.=) NEW.term;
    END IF;
    IF FOUND THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END
$fn$;
COMMENT ON FUNCTION ai_value._seed_row_guard() IS 'Internal: restore of an edited seeded row replaces the seed; edits of seeded terms mark them for dumping.';

CREATE TRIGGER av_10_seed_rows BEFORE INSERT OR UPDATE ON ai_value.settings
    FOR EACH ROW EXECUTE FUNCTION ai_value._seed_row_guard();
CREATE TRIGGER av_10_seed_rows BEFORE INSERT OR UPDATE ON ai_value.activity_terms
    FOR EACH ROW EXECUTE FUNCTION ai_value._seed_row_guard();

-- Removed terms are remembered (activity_terms_removed, dumped) and removed
-- again when a restore replays them; a term added again is forgotten there.
CREATE FUNCTION ai_value._track_removed_terms() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF ai_value._restoring() THEN
        RETURN NULL;
    END IF;
    -- One branch per event: a statement names only the transition tables
    -- that event has.
    IF TG_OP OPERATOR(pg_catalog.=) 'DELETE' THEN
        INSERT INTO ai_value.activity_terms_removed (term)
        SELECT o.term FROM av_old o
        ON CONFLICT (term) DO NOTHING;
    ELSIF TG_OP OPERATOR(pg_catalog.=) 'UPDATE' THEN
        INSERT INTO ai_value.activity_terms_removed (term)
        SELECT o.term FROM av_old o
         WHERE NOT EXISTS (SELECT 1 FROM av_new n WHERE n.term OPERATOR(pg_catalog.=) o.term)
        ON CONFLICT (term) DO NOTHING;
        DELETE FROM ai_value.activity_terms_removed r
         WHERE r.term IN (SELECT n.term FROM av_new n);
    ELSE
        DELETE FROM ai_value.activity_terms_removed r
         WHERE r.term IN (SELECT n.term FROM av_new n);
    END IF;
    RETURN NULL;
END
$fn$;
COMMENT ON FUNCTION ai_value._track_removed_terms() IS 'Internal: records terms removed from activity_terms (and forgets them when added again) so that dump/restore keeps removals.';
CREATE TRIGGER av_80_removed_terms_ins AFTER INSERT ON ai_value.activity_terms
    REFERENCING NEW TABLE AS av_new FOR EACH STATEMENT EXECUTE FUNCTION ai_value._track_removed_terms();
CREATE TRIGGER av_80_removed_terms_upd AFTER UPDATE ON ai_value.activity_terms
    REFERENCING OLD TABLE AS av_old NEW TABLE AS av_new FOR EACH STATEMENT EXECUTE FUNCTION ai_value._track_removed_terms();
CREATE TRIGGER av_80_removed_terms_del AFTER DELETE ON ai_value.activity_terms
    REFERENCING OLD TABLE AS av_old FOR EACH STATEMENT EXECUTE FUNCTION ai_value._track_removed_terms();

CREATE FUNCTION ai_value._replay_removed_term() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF ai_value._restoring() THEN
        DELETE FROM ai_value.activity_terms t WHERE t.term OPERATOR(pg_catalog.=) NEW.term;
    END IF;
    RETURN NEW;
END
$fn$;
COMMENT ON FUNCTION ai_value._replay_removed_term() IS 'Internal: on restore, a removed term recorded in the dump is removed from the freshly seeded vocabulary again.';
CREATE TRIGGER av_10_replay_removed BEFORE INSERT ON ai_value.activity_terms_removed
    FOR EACH ROW EXECUTE FUNCTION ai_value._replay_removed_term();

-- Actor resolution.
CREATE TRIGGER av_10_actor BEFORE INSERT OR UPDATE ON ai_value.ai_value_metrics
    FOR EACH ROW EXECUTE FUNCTION ai_value.resolve_actor('owner_id');
CREATE TRIGGER av_10_actor BEFORE INSERT OR UPDATE ON ai_value.metric_policy_rules
    FOR EACH ROW EXECUTE FUNCTION ai_value.resolve_actor('approved_by');
-- The requester is filled on INSERT; the approver only when a decision sets it
-- (filling both on INSERT would make every request self-approved).
CREATE TRIGGER av_10_actor BEFORE INSERT OR UPDATE ON ai_value.metric_exceptions
    FOR EACH ROW EXECUTE FUNCTION ai_value.resolve_actor('requested_by');
CREATE TRIGGER av_10_actor_approver BEFORE UPDATE ON ai_value.metric_exceptions
    FOR EACH ROW EXECUTE FUNCTION ai_value.resolve_actor('approved_by');

-- Row-by-row audit of the governance tables.
DO $audit$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES ('ai_value_metrics', 'id'), ('metric_policy_rules', 'id'),
                                   ('metric_exceptions', 'id'), ('principals', 'role_name'),
                                   ('settings', 'key'), ('activity_terms', 'term')) v(tab, pk)
    LOOP
        EXECUTE pg_catalog.format('CREATE TRIGGER av_90_audit_ins AFTER INSERT ON ai_value.%I '
            'REFERENCING NEW TABLE AS av_new FOR EACH STATEMENT '
            'EXECUTE FUNCTION ai_value.audit_trigger(%L, ''rows'')', t.tab, t.pk);
        EXECUTE pg_catalog.format('CREATE TRIGGER av_90_audit_upd AFTER UPDATE ON ai_value.%I '
            'REFERENCING OLD TABLE AS av_old NEW TABLE AS av_new FOR EACH STATEMENT '
            'EXECUTE FUNCTION ai_value.audit_trigger(%L, ''rows'')', t.tab, t.pk);
        EXECUTE pg_catalog.format('CREATE TRIGGER av_90_audit_del AFTER DELETE ON ai_value.%I '
            'REFERENCING OLD TABLE AS av_old FOR EACH STATEMENT '
            'EXECUTE FUNCTION ai_value.audit_trigger(%L, ''rows'')', t.tab, t.pk);
        -- FOR EACH ROW, not per statement: logical replication's apply worker
        -- fires row triggers only, and a subscriber's backends must drop their
        -- caches when governance rows arrive. Repeated invalidations of one
        -- relation within a command collapse into one message.
        EXECUTE pg_catalog.format('CREATE TRIGGER av_95_invalidate AFTER INSERT OR UPDATE OR DELETE ON ai_value.%I '
            'FOR EACH ROW EXECUTE FUNCTION ai_value.invalidate_caches()', t.tab);
    END LOOP;

    -- Outcomes and diagnostics: one summary row per INSERT statement, every
    -- UPDATE and DELETE row by row. Alerts: UPDATE and DELETE row by row.
    FOR t IN SELECT * FROM (VALUES ('ai_workflow_outcomes'), ('token_cost_diagnostics'), ('gaming_alerts')) v(tab)
    LOOP
        IF t.tab <> 'gaming_alerts' THEN
            EXECUTE pg_catalog.format('CREATE TRIGGER av_90_audit_ins AFTER INSERT ON ai_value.%I '
                'REFERENCING NEW TABLE AS av_new FOR EACH STATEMENT '
                'EXECUTE FUNCTION ai_value.audit_trigger(''id'', ''summary'')', t.tab);
        END IF;
        EXECUTE pg_catalog.format('CREATE TRIGGER av_90_audit_upd AFTER UPDATE ON ai_value.%I '
            'REFERENCING OLD TABLE AS av_old NEW TABLE AS av_new FOR EACH STATEMENT '
            'EXECUTE FUNCTION ai_value.audit_trigger(''id'', ''rows'')', t.tab);
        EXECUTE pg_catalog.format('CREATE TRIGGER av_90_audit_del AFTER DELETE ON ai_value.%I '
            'REFERENCING OLD TABLE AS av_old FOR EACH STATEMENT '
            'EXECUTE FUNCTION ai_value.audit_trigger(''id'', ''rows'')', t.tab);
    END LOOP;
END
$audit$;

CREATE TRIGGER av_00_append_only BEFORE INSERT OR UPDATE OR DELETE ON ai_value.audit_log
    FOR EACH ROW EXECUTE FUNCTION ai_value.audit_log_guard();
