-- Piece 40: the governance gate (SPEC §4, §10, §11). The classifier and the
-- triggers are C (src/gate.c, src/normalize.c); this piece seeds the
-- vocabulary, declares the functions, the governance API, post_metric and the
-- metric_registry view.

-- The vocabulary. Terms are normalised the way proposals are (plurals folded,
-- so "tokens" also matches "token", "t0k3ns", "ТОКЕNS"). Single activity words
-- count wherever they appear; a two-word activity phrase is neutralised by a
-- value phrase in the same field ("time saved with AI tools"); a single word
-- only by a value phrase that contains it ("prompt resolution"). Rank words
-- count as activity unless the proposal names a value phrase.
INSERT INTO ai_value.activity_terms (term, category, seeded, note) VALUES
    -- consumption and usage
    ('tokens',             'activity', true, 'LLM token consumption'),
    ('tok',                'activity', true, 'abbreviation of token (tok_cnt)'),
    ('tkn',                'activity', true, 'abbreviation of token'),
    ('prompts',            'activity', true, 'prompt counts'),
    ('prmpt',              'activity', true, 'abbreviation of prompt'),
    ('prompting',          'activity', true, 'prompting activity'),
    ('logins',             'activity', true, 'logins to AI tools'),
    ('invocations',        'activity', true, 'model or agent invocations'),
    ('usage',              'activity', true, 'AI usage'),
    ('adoption',           'activity', true, 'AI adoption'),
    ('seats',              'activity', true, 'licensed seats in use'),
    ('keystrokes',         'activity', true, 'typing activity'),
    ('dau',                'activity', true, 'daily active users'),
    ('wau',                'activity', true, 'weekly active users'),
    ('mau',                'activity', true, 'monthly active users'),
    ('api calls',          'activity', true, 'API call counts'),
    ('api requests',       'activity', true, 'API request counts'),
    ('llm calls',          'activity', true, 'LLM call counts'),
    ('llm requests',       'activity', true, 'LLM request counts'),
    ('llm completions',    'activity', true, 'LLM completion counts'),
    ('llm queries',        'activity', true, 'LLM query counts'),
    ('model calls',        'activity', true, 'model call counts'),
    ('model requests',     'activity', true, 'model request counts'),
    ('inference requests', 'activity', true, 'inference request counts'),
    ('inference calls',    'activity', true, 'inference call counts'),
    ('tool calls',         'activity', true, 'agent tool call counts'),
    ('function calls',     'activity', true, 'LLM function call counts'),
    ('ai requests',        'activity', true, 'AI request counts'),
    ('ai queries',         'activity', true, 'AI query counts'),
    ('ai sessions',        'activity', true, 'AI session counts'),
    ('ai interactions',    'activity', true, 'AI interaction counts'),
    ('ai messages',        'activity', true, 'AI message counts'),
    ('ai tools',           'activity', true, 'time or activity in AI tools'),
    ('ai time',            'activity', true, 'time in AI tools'),
    ('ai minutes',         'activity', true, 'time in AI tools'),
    ('ai hours',           'activity', true, 'time in AI tools'),
    ('chat sessions',      'activity', true, 'chat session counts'),
    ('chat messages',      'activity', true, 'chat message counts'),
    ('chat interactions',  'activity', true, 'chat interaction counts'),
    ('chat turns',         'activity', true, 'chat turn counts'),
    ('chat queries',       'activity', true, 'chat query counts'),
    ('chat count',         'activity', true, 'chat counts'),
    ('chat volume',        'activity', true, 'chat volume'),
    ('session count',      'activity', true, 'session counts'),
    ('session length',     'activity', true, 'time in sessions'),
    ('session duration',   'activity', true, 'time in sessions'),
    ('session time',       'activity', true, 'time in sessions'),
    ('sessions per',       'activity', true, 'sessions per person'),
    ('message count',      'activity', true, 'message counts'),
    ('messages sent',      'activity', true, 'message counts'),
    ('messages per',       'activity', true, 'messages per person'),
    ('message volume',     'activity', true, 'message volume'),
    ('request count',      'activity', true, 'request counts'),
    ('request volume',     'activity', true, 'request volume'),
    ('requests per',       'activity', true, 'requests per person'),
    ('req count',          'activity', true, 'abbreviated request counts'),
    ('req cnt',            'activity', true, 'abbreviated request counts'),
    ('query count',        'activity', true, 'query counts'),
    ('query volume',       'activity', true, 'query volume'),
    ('queries per',        'activity', true, 'queries per person'),
    ('interaction count',  'activity', true, 'interaction counts'),
    ('interactions per',   'activity', true, 'interactions per person'),
    ('generation count',   'activity', true, 'generation counts'),
    ('generations per',    'activity', true, 'generations per person'),
    ('ai generations',     'activity', true, 'AI generation counts'),
    ('images generated',   'activity', true, 'generated output volume'),
    ('lines generated',    'activity', true, 'generated code volume'),
    ('code generated',     'activity', true, 'generated code volume'),
    ('words generated',    'activity', true, 'generated text volume'),
    ('copilot acceptances','activity', true, 'Copilot suggestion acceptances'),
    ('copilot suggestions','activity', true, 'Copilot suggestion counts'),
    ('copilot sessions',   'activity', true, 'Copilot session counts'),
    ('suggestions accepted','activity', true, 'accepted AI suggestions'),
    ('accepted suggestions','activity', true, 'accepted AI suggestions'),
    ('suggestion acceptance','activity', true, 'AI suggestion acceptance'),
    ('code completions',   'activity', true, 'AI code completion counts'),
    ('completion count',   'activity', true, 'completion counts'),
    ('completions per',    'activity', true, 'completions per person'),
    ('active users',       'activity', true, 'active users of AI tools'),
    ('active days',        'activity', true, 'days active in AI tools'),
    ('active minutes',     'activity', true, 'time active in AI tools'),
    ('daily active',       'activity', true, 'daily active use'),
    ('weekly active',      'activity', true, 'weekly active use'),
    ('monthly active',     'activity', true, 'monthly active use'),
    ('time spent',         'activity', true, 'time spent in AI tools'),
    ('screen time',        'activity', true, 'time in tools'),
    ('agent runs',         'activity', true, 'agent run counts'),
    ('bot conversations',  'activity', true, 'chatbot conversation counts'),
    -- ranking people by activity
    ('leaderboard',        'rank', true, 'usage leaderboards'),
    ('scoreboard',         'rank', true, 'usage scoreboards'),
    ('rank',               'rank', true, 'ranking people'),
    ('ranking',            'rank', true, 'ranking people'),
    ('ranked',             'rank', true, 'ranking people'),
    ('top users',          'rank', true, 'ranking heavy users'),
    ('power users',        'rank', true, 'ranking heavy users'),
    ('top prompters',      'rank', true, 'ranking heavy users'),
    ('league table',       'rank', true, 'ranking people'),
    -- spend
    ('cost',               'cost', true, 'spend'),
    ('spend',              'cost', true, 'spend'),
    ('spending',           'cost', true, 'spend'),
    ('billing',            'cost', true, 'spend'),
    ('invoice',            'cost', true, 'spend'),
    ('price',              'cost', true, 'spend'),
    ('pricing',            'cost', true, 'spend'),
    ('expense',            'cost', true, 'spend'),
    ('budget',             'cost', true, 'spend'),
    ('usd',                'cost', true, 'spend'),
    ('dollars',            'cost', true, 'spend'),
    ('gpu hours',          'cost', true, 'compute spend'),
    ('compute hours',      'cost', true, 'compute spend'),
    ('license fees',       'cost', true, 'licence spend'),
    ('cloud spend',        'cost', true, 'compute spend'),
    -- value phrases: these win over the activity words they contain or sit beside
    ('task completion',    'value', true, 'outcome: tasks completed'),
    ('completion rate',    'value', true, 'outcome: completion rate ("completion" alone is not activity)'),
    ('tasks completed',    'value', true, 'outcome'),
    ('completed tasks',    'value', true, 'outcome'),
    ('time saved',         'value', true, 'outcome: time saved'),
    ('hours saved',        'value', true, 'outcome: time saved'),
    ('minutes saved',      'value', true, 'outcome: time saved'),
    ('saved',              'value', true, 'outcome: something saved'),
    ('resolution rate',    'value', true, 'outcome: resolution'),
    ('resolution time',    'value', true, 'outcome: resolution'),
    ('first contact',      'value', true, 'outcome: first-contact resolution'),
    ('contact resolution', 'value', true, 'outcome: first-contact resolution'),
    ('resolved',           'value', true, 'outcome: resolved work'),
    ('completed',          'value', true, 'outcome: completed work'),
    ('customer satisfaction','value', true, 'outcome: satisfaction'),
    ('satisfaction',       'value', true, 'outcome: satisfaction'),
    ('csat',               'value', true, 'outcome: satisfaction'),
    ('nps',                'value', true, 'outcome: net promoter score'),
    ('net promoter',       'value', true, 'outcome: net promoter score'),
    ('effort score',       'value', true, 'outcome: customer effort score'),
    ('quality',            'value', true, 'outcome: quality'),
    ('quality score',      'value', true, 'outcome: quality'),
    ('accuracy',           'value', true, 'outcome: quality'),
    ('precision',          'value', true, 'outcome: quality'),
    ('recall',             'value', true, 'outcome: quality'),
    ('error rate',         'value', true, 'outcome: quality'),
    ('defect rate',        'value', true, 'outcome: quality'),
    ('defect escape',      'value', true, 'outcome: quality'),
    ('escaped defects',    'value', true, 'outcome: quality'),
    ('defects',            'value', true, 'outcome: quality'),
    ('bug rate',           'value', true, 'outcome: quality'),
    ('rework',             'value', true, 'outcome: quality'),
    ('hallucination rate', 'value', true, 'outcome: quality'),
    ('groundedness',       'value', true, 'outcome: quality'),
    ('faithfulness',       'value', true, 'outcome: quality'),
    ('reciprocal rank',    'value', true, 'retrieval quality (MRR), not ranking people'),
    ('ndcg',               'value', true, 'retrieval quality'),
    ('lead time',          'value', true, 'DORA: lead time for changes'),
    ('cycle time',         'value', true, 'flow: cycle time'),
    ('deployment frequency','value', true, 'DORA: deployment frequency'),
    ('deploy frequency',   'value', true, 'DORA: deployment frequency'),
    ('change failure',     'value', true, 'DORA: change failure rate'),
    ('failure rate',       'value', true, 'reliability'),
    ('mttr',               'value', true, 'DORA: time to restore'),
    ('mtbf',               'value', true, 'reliability'),
    ('to restore',         'value', true, 'DORA: time to restore'),
    ('recovery time',      'value', true, 'reliability'),
    ('dora',               'value', true, 'DORA metrics'),
    ('handle time',        'value', true, 'support outcome'),
    ('handling time',      'value', true, 'support outcome'),
    ('turnaround time',    'value', true, 'flow outcome'),
    ('review time',        'value', true, 'flow outcome'),
    ('merge time',         'value', true, 'flow outcome'),
    ('sla',                'value', true, 'service level'),
    ('escalation rate',    'value', true, 'support outcome'),
    ('deflection rate',    'value', true, 'support outcome'),
    ('churn',              'value', true, 'business outcome'),
    ('retention',          'value', true, 'business outcome'),
    ('conversion rate',    'value', true, 'business outcome'),
    ('revenue',            'value', true, 'business outcome'),
    ('outcome',            'value', true, 'outcome'),
    ('baseline',           'value', true, 'compared with a baseline'),
    ('cost savings',       'value', true, 'value: money saved'),
    ('cost avoided',       'value', true, 'value: money saved'),
    ('cost avoidance',     'value', true, 'value: money saved'),
    ('cost reduction',     'value', true, 'value: money saved'),
    ('pull requests',      'value', true, 'unit of work, not an AI request'),
    ('merge requests',     'value', true, 'unit of work, not an AI request'),
    ('support requests',   'value', true, 'unit of work, not an AI request'),
    ('customer requests',  'value', true, 'unit of work, not an AI request'),
    ('service requests',   'value', true, 'unit of work, not an AI request'),
    ('change requests',    'value', true, 'unit of work, not an AI request'),
    ('feature requests',   'value', true, 'unit of work, not an AI request'),
    ('customer messages',  'value', true, 'unit of work, not AI messages'),
    ('prompt resolution',  'value', true, '"prompt" as in quick'),
    ('prompt response',    'value', true, '"prompt" as in quick'),
    ('prompt payment',     'value', true, '"prompt" as in quick'),
    ('prompt injection',   'value', true, 'security quality: injection attempts caught'),
    ('success rate',       'value', true, 'outcome: share of attempts that succeed'),
    ('successful',         'value', true, 'outcome: succeeded');

-- ---------------------------------------------------------------------------
-- Classifier and triggers (C).

CREATE FUNCTION ai_value.classify_metric(metric_key text, metric_name text, formula text,
        data_source text, intended_uses ai_value.metric_use[],
        metric_type ai_value.metric_type DEFAULT NULL,
        OUT status ai_value.metric_status, OUT policy ai_value.metric_policy,
        OUT is_activity boolean, OUT matched jsonb, OUT rationale text,
        OUT alternatives text[])
    LANGUAGE c STABLE PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'av_classify_metric';
COMMENT ON FUNCTION ai_value.classify_metric(text, text, text, text, ai_value.metric_use[], ai_value.metric_type) IS
'Explains the governance gate without writing: the status a proposal would get (blocked, diagnostic_only or proposed), the policy rule the gate would write (NULL for proposed), whether it measures activity, the vocabulary terms matched with their field (counted = false when a value phrase neutralised it), the rationale and the recommended alternatives. metric_type is optional: blocked_activity and cost_diagnostic change the decision.';

CREATE FUNCTION ai_value.gate() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'av_gate_trigger';
COMMENT ON FUNCTION ai_value.gate() IS 'BEFORE INSERT OR UPDATE on ai_value_metrics: classifies proposals and sets their status (SPEC §4); refuses approvals that fail the checks (AV001, AV002, AV004) and status changes by non-governance (42501); keeps updated_at.';

CREATE FUNCTION ai_value.gate_rules() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'av_gate_rules_trigger';
COMMENT ON FUNCTION ai_value.gate_rules() IS 'AFTER INSERT statement trigger on ai_value_metrics: writes the gate''s block / diagnostic_only policy rules and usage_rank_chasing alerts for the new rows, set-based.';

CREATE TRIGGER av_20_gate BEFORE INSERT OR UPDATE ON ai_value.ai_value_metrics
    FOR EACH ROW EXECUTE FUNCTION ai_value.gate();
CREATE TRIGGER av_80_gate_rules AFTER INSERT ON ai_value.ai_value_metrics
    REFERENCING NEW TABLE AS av_new
    FOR EACH STATEMENT EXECUTE FUNCTION ai_value.gate_rules();

-- ---------------------------------------------------------------------------
-- The four value metrics the gate recommends.

CREATE FUNCTION ai_value.recommended_alternatives()
    RETURNS TABLE (metric_key text, metric_name text, metric_type ai_value.metric_type,
                   formula text, data_source text, quality_gate text, anti_gaming_check text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT * FROM (VALUES
        ('task_completion_rate', 'Task completion rate', 'task_completion'::ai_value.metric_type,
         'tasks completed to the acceptance criteria / tasks started, per workflow and period',
         'work tracker (e.g. Jira, ServiceNow) task states',
         'a task counts as completed only when its acceptance criteria pass and it is not reopened within 14 days',
         'reopen rate and sampled review of completed tasks; alert when completions rise while quality_drop fires'),
        ('actual_time_saved', 'Actual time saved', 'time_saved'::ai_value.metric_type,
         'baseline handle time per task minus observed handle time per task, times tasks completed',
         'system timestamps of the work tracker (start/finish); self-reports recorded as self_report evidence only',
         'only tasks completed to the acceptance criteria count; the baseline is measured before AI assistance',
         'self_report_mismatch: self-reported savings compared with system-log and sampled-review figures'),
        ('output_quality_score', 'Output quality score', 'quality'::ai_value.metric_type,
         'share of sampled outputs passing the quality rubric (defects, accuracy, rework) per period',
         'sampled human review of outputs against a written rubric',
         'sample at least 30 outputs per period, reviewers blind to whether AI was used',
         'quality_drop: alert when quality falls while throughput or time saved rises'),
        ('customer_satisfaction', 'Customer satisfaction', 'customer_satisfaction'::ai_value.metric_type,
         'mean CSAT (1-5) of surveyed interactions handled in the workflow, per period',
         'customer survey responses linked to the handled case',
         'at least 30 responses per period; survey sent for every case, not chosen by the agent',
         'response-rate and survey-selection checks; compare with complaint and reopen rates'))
        AS a (metric_key, metric_name, metric_type, formula, data_source, quality_gate, anti_gaming_check)
$fn$;
COMMENT ON FUNCTION ai_value.recommended_alternatives() IS 'The four value metrics recommended instead of activity metrics (SPEC §4), each with formula, data source, quality gate and anti-gaming check.';

-- ---------------------------------------------------------------------------
-- metric_registry (SPEC §10).

CREATE VIEW ai_value.metric_registry WITH (security_barrier) AS
SELECT m.id AS metric_id, m.metric_key, m.metric_name, m.metric_type, m.status,
       r.policy, r.rationale, COALESCE(r.alternatives, '{}'::text[]) AS alternatives,
       r.effective_at AS policy_effective_at, m.intended_uses, m.formula, m.data_source,
       m.baseline_required, m.quality_gate, m.anti_gaming_check, m.owner_id,
       m.created_at, m.updated_at
  FROM ai_value.ai_value_metrics m
  LEFT JOIN LATERAL (
        SELECT p.policy, p.rationale, p.alternatives, p.effective_at
          FROM ai_value.metric_policy_rules p
         WHERE p.metric_id OPERATOR(pg_catalog.=) m.id
           AND p.effective_at OPERATOR(pg_catalog.<=) pg_catalog.now()
         ORDER BY p.effective_at DESC
         LIMIT 1) r ON true
 WHERE NOT (pg_catalog.pg_has_role('ai_value_performance_admin', 'MEMBER')
            AND NOT COALESCE((SELECT a.rolsuper FROM pg_catalog.pg_roles a
                               WHERE a.rolname OPERATOR(pg_catalog.=) CURRENT_USER), false)
            AND (m.status OPERATOR(pg_catalog.=) ANY ('{blocked,diagnostic_only}'::ai_value.metric_status[])
                 OR COALESCE(r.policy OPERATOR(pg_catalog.=) ANY ('{block,diagnostic_only}'::ai_value.metric_policy[]), false)));
COMMENT ON VIEW ai_value.metric_registry IS 'Every metric with its status, the policy in force (latest rule with effective_at <= now()), its rationale and recommended alternatives. Members of ai_value_performance_admin do not see blocked or diagnostic-only metrics.';
COMMENT ON COLUMN ai_value.metric_registry.metric_id IS 'Metric id.';
COMMENT ON COLUMN ai_value.metric_registry.metric_key IS 'Stable lower-case key.';
COMMENT ON COLUMN ai_value.metric_registry.metric_name IS 'Human-readable name.';
COMMENT ON COLUMN ai_value.metric_registry.metric_type IS 'What the metric measures.';
COMMENT ON COLUMN ai_value.metric_registry.status IS 'proposed, approved, blocked, diagnostic_only or deprecated.';
COMMENT ON COLUMN ai_value.metric_registry.policy IS 'Policy in force: allow, block, diagnostic_only or requires_exception; NULL while no rule exists (a proposal awaiting governance).';
COMMENT ON COLUMN ai_value.metric_registry.rationale IS 'Why the policy in force was decided; for gate blocks it names the Tokenmaxxing risk and the words that matched in which field.';
COMMENT ON COLUMN ai_value.metric_registry.alternatives IS 'Recommended value metric keys (see ai_value.recommended_alternatives()).';
COMMENT ON COLUMN ai_value.metric_registry.policy_effective_at IS 'When the policy in force took effect.';
COMMENT ON COLUMN ai_value.metric_registry.intended_uses IS 'Decisions the metric was proposed for.';
COMMENT ON COLUMN ai_value.metric_registry.formula IS 'How the value is computed.';
COMMENT ON COLUMN ai_value.metric_registry.data_source IS 'Where the data comes from.';
COMMENT ON COLUMN ai_value.metric_registry.baseline_required IS 'Outcomes must carry a baseline value.';
COMMENT ON COLUMN ai_value.metric_registry.quality_gate IS 'Quality condition an outcome must meet.';
COMMENT ON COLUMN ai_value.metric_registry.anti_gaming_check IS 'How gaming of the metric is detected.';
COMMENT ON COLUMN ai_value.metric_registry.owner_id IS 'Person owning the metric.';
COMMENT ON COLUMN ai_value.metric_registry.created_at IS 'When the metric was proposed.';
COMMENT ON COLUMN ai_value.metric_registry.updated_at IS 'When the metric row last changed.';

-- ---------------------------------------------------------------------------
-- The document post_metric and the governance functions return (SPEC §11).

CREATE FUNCTION ai_value._metric_doc(metric_id uuid) RETURNS jsonb
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT pg_catalog.jsonb_build_object(
             'metric_id', r.metric_id,
             'metric_key', r.metric_key,
             'status', r.status,
             'policy', r.policy,
             'rationale', COALESCE(r.rationale,
                 (SELECT c.rationale FROM ai_value.classify_metric(r.metric_key, r.metric_name, r.formula,
                                          r.data_source, r.intended_uses, r.metric_type) c)),
             'alternatives', COALESCE(
                 (SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(a)
                                              ORDER BY pg_catalog.array_position(r.alternatives, a.metric_key))
                    FROM ai_value.recommended_alternatives() a
                   WHERE a.metric_key OPERATOR(pg_catalog.=) ANY (r.alternatives)),
                 '[]'::jsonb))
      FROM ai_value.metric_registry r
     WHERE r.metric_id OPERATOR(pg_catalog.=) $1
$fn$;
COMMENT ON FUNCTION ai_value._metric_doc(uuid) IS 'Internal: the SPEC §11 metric document {metric_id, metric_key, status, policy, rationale, alternatives} from metric_registry.';

-- Governance decisions. SECURITY INVOKER: the caller's own grants (UPDATE on
-- ai_value_metrics, INSERT on metric_policy_rules) and the gate trigger decide;
-- the explicit check only gives a clearer message. The metric row is locked
-- FOR UPDATE, so a block waits for in-flight outcome inserts (their foreign key
-- check holds FOR KEY SHARE) and they, in turn, see the block.
CREATE FUNCTION ai_value._decide(metric_key text, policy ai_value.metric_policy, rationale text)
    RETURNS jsonb
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    m ai_value.ai_value_metrics;
    c record;
    alts text[] := '{}';
    eff timestamptz;
BEGIN
    IF NOT pg_catalog.pg_has_role('ai_value_governance', 'USAGE') THEN
        RAISE EXCEPTION 'only governance can decide the policy of a metric'
            USING ERRCODE = '42501',
                  HINT = 'Members of ai_value_governance approve, block and set policies.';
    END IF;
    IF policy IS NULL THEN
        RAISE EXCEPTION 'policy must not be NULL' USING ERRCODE = '22023';
    END IF;
    IF rationale IS NULL OR rationale !~ '[^\s\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]' THEN
        RAISE EXCEPTION 'rationale must not be blank' USING ERRCODE = '22023',
            DETAIL = 'Every policy decision records why it was taken.';
    END IF;
    SELECT * INTO m FROM ai_value.ai_value_metrics x
     WHERE x.metric_key OPERATOR(pg_catalog.=) _decide.metric_key FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'metric "%" does not exist', pg_catalog.left(_decide.metric_key, 100)
            USING ERRCODE = '22023';
    END IF;

    IF policy OPERATOR(pg_catalog.=) 'allow' THEN
        -- the gate trigger runs the approval checks (AV001, AV002, AV004)
        UPDATE ai_value.ai_value_metrics x SET status = 'approved'
         WHERE x.id OPERATOR(pg_catalog.=) m.id;
    ELSIF policy OPERATOR(pg_catalog.=) 'block' THEN
        UPDATE ai_value.ai_value_metrics x SET status = 'blocked'
         WHERE x.id OPERATOR(pg_catalog.=) m.id;
        alts := '{task_completion_rate,actual_time_saved,output_quality_score,customer_satisfaction}';
    ELSIF policy OPERATOR(pg_catalog.=) 'diagnostic_only' THEN
        UPDATE ai_value.ai_value_metrics x SET status = 'diagnostic_only'
         WHERE x.id OPERATOR(pg_catalog.=) m.id;
        alts := '{task_completion_rate,actual_time_saved,output_quality_score,customer_satisfaction}';
    ELSE
        -- requires_exception: Tokenmaxxing metrics are not waivable (SPEC §6)
        SELECT * INTO c FROM ai_value.classify_metric(m.metric_key, m.metric_name, m.formula,
                                                      m.data_source, m.intended_uses, m.metric_type);
        IF c.is_activity THEN
            RAISE EXCEPTION 'activity metric "%" cannot be put under exceptions', m.metric_key
                USING ERRCODE = 'AV001', DETAIL = c.rationale,
                      HINT = 'Propose a value metric instead: task_completion_rate, actual_time_saved, output_quality_score, customer_satisfaction.';
        END IF;
    END IF;

    -- Strictly after any earlier rule of the metric, so the latest decision
    -- is the one in force even when two are taken in one transaction.
    SELECT GREATEST(pg_catalog.now(), MAX(p.effective_at) + interval '1 microsecond') INTO eff
      FROM ai_value.metric_policy_rules p WHERE p.metric_id OPERATOR(pg_catalog.=) m.id;
    INSERT INTO ai_value.metric_policy_rules (metric_id, policy, rationale, alternatives, effective_at)
    VALUES (m.id, policy, rationale, alts, COALESCE(eff, pg_catalog.now()));
    RETURN ai_value._metric_doc(m.id);
END
$fn$;
COMMENT ON FUNCTION ai_value._decide(text, ai_value.metric_policy, text) IS 'Internal: the common body of approve_metric, block_metric and set_policy.';

CREATE FUNCTION ai_value.approve_metric(metric_key text, rationale text) RETURNS jsonb
    LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT ai_value._decide($1, 'allow'::ai_value.metric_policy, $2)
$fn$;
COMMENT ON FUNCTION ai_value.approve_metric(text, text) IS 'Governance: approves a metric (status approved, policy allow). Refused with AV004 listing every missing field, AV001 for activity metrics, AV002 for cost diagnostics; 42501 for non-governance.';

CREATE FUNCTION ai_value.block_metric(metric_key text, rationale text) RETURNS jsonb
    LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT ai_value._decide($1, 'block'::ai_value.metric_policy, $2)
$fn$;
COMMENT ON FUNCTION ai_value.block_metric(text, text) IS 'Governance: blocks a metric (status blocked, policy block, the four value metrics as alternatives); waits for in-flight outcome inserts on the metric.';

CREATE FUNCTION ai_value.set_policy(metric_key text, policy ai_value.metric_policy, rationale text)
    RETURNS jsonb
    LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT ai_value._decide($1, $2, $3)
$fn$;
COMMENT ON FUNCTION ai_value.set_policy(text, ai_value.metric_policy, text) IS 'Governance: writes a policy rule and moves the status with it (allow -> approved after the approval checks, block -> blocked, diagnostic_only -> diagnostic_only, requires_exception leaves the status; refused with AV001 for activity metrics).';

-- POST /ai-value/metrics
CREATE FUNCTION ai_value.post_metric(payload jsonb) RETURNS jsonb
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    mid uuid;
BEGIN
    PERFORM ai_value._check_payload(payload,
        '{"metric_key": "text!", "metric_name": "text!", "metric_type": "enum:metric_type!",
          "formula": "string", "data_source": "string", "owner_id": "uuid",
          "baseline_required": "boolean", "quality_gate": "string",
          "anti_gaming_check": "string", "intended_uses": "enum[]:metric_use"}');
    IF (payload OPERATOR(pg_catalog.->>) 'metric_key') !~ '^[a-z][a-z0-9_]{2,62}$' THEN
        RAISE EXCEPTION 'key "metric_key" must match ^[a-z][a-z0-9_]{2,62}$' USING ERRCODE = '22023',
            DETAIL = pg_catalog.format('Got %s.', pg_catalog.left(payload OPERATOR(pg_catalog.->>) 'metric_key', 100));
    END IF;
    INSERT INTO ai_value.ai_value_metrics (metric_key, metric_name, metric_type, formula, data_source,
                                           owner_id, baseline_required, quality_gate,
                                           anti_gaming_check, intended_uses)
    VALUES (payload OPERATOR(pg_catalog.->>) 'metric_key',
            payload OPERATOR(pg_catalog.->>) 'metric_name',
            (payload OPERATOR(pg_catalog.->>) 'metric_type')::ai_value.metric_type,
            payload OPERATOR(pg_catalog.->>) 'formula',
            payload OPERATOR(pg_catalog.->>) 'data_source',
            (payload OPERATOR(pg_catalog.->>) 'owner_id')::uuid,
            COALESCE((payload OPERATOR(pg_catalog.->>) 'baseline_required')::boolean, true),
            payload OPERATOR(pg_catalog.->>) 'quality_gate',
            payload OPERATOR(pg_catalog.->>) 'anti_gaming_check',
            ARRAY(SELECT u::ai_value.metric_use
                    FROM pg_catalog.jsonb_array_elements_text(
                             COALESCE(payload OPERATOR(pg_catalog.->) 'intended_uses', '[]'::jsonb)) u))
    RETURNING id INTO mid;
    RETURN ai_value._metric_doc(mid);
END
$fn$;
COMMENT ON FUNCTION ai_value.post_metric(jsonb) IS 'POST /ai-value/metrics: proposes a metric through the governance gate and returns {metric_id, metric_key, status, policy, rationale, alternatives:[{metric_key, metric_name, metric_type, formula, data_source, quality_gate, anti_gaming_check}]}. Unknown keys, wrong types or missing required keys: 22023.';

GRANT EXECUTE ON FUNCTION ai_value.classify_metric(text, text, text, text, ai_value.metric_use[], ai_value.metric_type),
                          ai_value.recommended_alternatives(), ai_value._metric_doc(uuid)
    TO ai_value_team_owner, ai_value_governance, ai_value_finance, ai_value_performance_admin, ai_value_writer;
GRANT EXECUTE ON FUNCTION ai_value.post_metric(jsonb) TO ai_value_team_owner, ai_value_governance;
GRANT EXECUTE ON FUNCTION ai_value._decide(text, ai_value.metric_policy, text),
                          ai_value.approve_metric(text, text), ai_value.block_metric(text, text),
                          ai_value.set_policy(text, ai_value.metric_policy, text)
    TO ai_value_governance;
GRANT SELECT ON ai_value.metric_registry TO ai_value_team_owner, ai_value_governance,
    ai_value_finance, ai_value_performance_admin, ai_value_writer;
