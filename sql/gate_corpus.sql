-- gate_corpus: the classifier against a corpus of activity metrics however
-- spelled (look-alike letters, full-width and mathematical forms, zero-width
-- characters, camelCase, leetspeak, compounds, synonyms, abbreviations) and of
-- honest value metrics that must stay proposals. Each row shows the expected
-- and the actual decision; the summary counts the passes per kind.
\set VERBOSITY terse
\i test/fixtures/setup.sql
CREATE TEMP TABLE corpus (
    n serial, kind text, label text, mkey text, mname text, formula text, source text,
    uses ai_value.metric_use[] DEFAULT '{ranking}', mtype ai_value.metric_type DEFAULT 'task_completion',
    expected ai_value.metric_status DEFAULT 'blocked');

-- Activity metrics (SPEC §4 row 1): blocked for performance uses, whatever the spelling.
INSERT INTO corpus (kind, label, mkey, mname, formula, source) VALUES
 ('activity', 'seed E2E key',              'token_count_per_employee', 'Token count per employee', NULL, NULL),
 ('activity', 'Cyrillic o',                'm', E'T\u043ekens per engineer', NULL, NULL),
 ('activity', 'Cyrillic T, o, e',          'm', E'\u0422\u043ek\u0435ns per engineer', NULL, NULL),
 ('activity', 'Cyrillic small ka',         'm', E'to\u043aens per engineer', NULL, NULL),
 ('activity', 'Greek capital tau, omicron, epsilon', 'm', E'\u03a4\u03bfk\u03b5ns per engineer', NULL, NULL),
 ('activity', 'Greek rho, Cyrillic o/r',   'm', E'\u03c1r\u043emp\u0442s per day', NULL, NULL),
 ('activity', 'full-width lower',          'm', E'\uff54\uff4f\uff4b\uff45\uff4e\uff53 per engineer', NULL, NULL),
 ('activity', 'full-width upper',          'm', E'\uff34\uff2f\uff2b\uff25\uff2e\uff33', NULL, NULL),
 ('activity', 'full-width camel + underscore', 'm', E'\uff30\uff52\uff4f\uff4d\uff50\uff54\uff3f\uff43\uff4f\uff55\uff4e\uff54', NULL, NULL),
 ('activity', 'mathematical bold',         'm', E'\U0001d42d\U0001d428\U0001d424\U0001d41e\U0001d427\U0001d42c used', NULL, NULL),
 ('activity', 'circled letters',           'm', E'\u24e3\u24de\u24da\u24d4\u24dd\u24e2 used', NULL, NULL),
 ('activity', 'zero-width space inside',   'm', E'to\u200bkens per engineer', NULL, NULL),
 ('activity', 'zero-width joiner inside',  'm', E'pro\u200dmpts sent', NULL, NULL),
 ('activity', 'soft hyphen inside',        'm', E'tok\u00adens per engineer', NULL, NULL),
 ('activity', 'BOM before word',           'm', E'\ufefftokens per engineer', NULL, NULL),
 ('activity', 'word joiner + ZWNJ',        'm', E'lo\u2060gi\u200cns per week', NULL, NULL),
 ('activity', 'diacritics',                'm', E't\u00f6k\u00ebns per engineer', NULL, NULL),
 ('activity', 'dotted letters',            'm', 't.o.k.e.n.s per engineer', NULL, NULL),
 ('activity', 'spaced capitals + leet',    'm', 'P R 0 M P T S per engineer', NULL, NULL),
 ('activity', 'bullet inside word',        'm', E'tok\u2022ens per engineer', NULL, NULL),
 ('activity', 'emoji inside word',         'm', E'to\U0001f525kens per engineer', NULL, NULL),
 ('activity', 'word cut by a space',       'm', 'pro mpts per engineer', NULL, NULL),
 ('activity', 'camelCase',                 'm', 'tokenCountPerEmployee', NULL, NULL),
 ('activity', 'PascalCase',                'm', 'TokenCount', NULL, NULL),
 ('activity', 'acronym + Pascal',          'm', 'APICallsPerUser', NULL, NULL),
 ('activity', 'camelCase prompts',         'm', 'promptsPerDay', NULL, NULL),
 ('activity', 'leet 3',                    'm', 'tok3ns per engineer', NULL, NULL),
 ('activity', 'leet 0',                    'm', 'pr0mpts per engineer', NULL, NULL),
 ('activity', 'leet 0 early',              'm', 't0kens per engineer', NULL, NULL),
 ('activity', 'leet all caps',             'm', 'T0K3N5', NULL, NULL),
 ('activity', 'leet 1 as l',               'm', '1ogins per week', NULL, NULL),
 ('activity', 'leet dollar as s',          'm', 'pr0mpt$ per engineer', NULL, NULL),
 ('activity', 'Cyrillic o + leet',         'm', E't\u043ek3ns per engineer', NULL, NULL),
 ('activity', 'abbreviation tok_cnt',      'tok_cnt', 'Tok cnt', NULL, NULL),
 ('activity', 'abbreviation tkn',          'tkn_total', 'Tkn total', NULL, NULL),
 ('activity', 'abbreviation prmpt',        'prmpt_count', 'Prmpt count', NULL, NULL),
 ('activity', 'compound tokencount',       'tokencount', 'tokencount', NULL, NULL),
 ('activity', 'compound promptsperuser',   'promptsperuser', 'promptsperuser', NULL, NULL),
 ('activity', 'compound apicalls',         'apicalls', 'apicalls', NULL, NULL),
 ('activity', 'compound chatsessionsperuser', 'chatsessionsperuser', 'chatsessionsperuser', NULL, NULL),
 ('activity', 'compound llmcompletions',   'llmcompletions', 'llmcompletions', NULL, NULL),
 ('activity', 'hyphen separator',          'm', 'api-calls per engineer', NULL, NULL),
 ('activity', 'dot separator',             'm', 'api.calls per engineer', NULL, NULL),
 ('activity', 'slash separator',           'm', 'api/calls per engineer', NULL, NULL),
 ('activity', 'synonym: LLM completions',  'm', 'LLM completions per developer', NULL, NULL),
 ('activity', 'synonym: chat sessions',    'm', 'Chat sessions per employee', NULL, NULL),
 ('activity', 'synonym: messages sent',    'm', 'Messages sent to Copilot', NULL, NULL),
 ('activity', 'synonym: invocations',      'm', 'Model invocations', NULL, NULL),
 ('activity', 'synonym: AI interactions',  'm', 'AI interactions per rep', NULL, NULL),
 ('activity', 'synonym: usage',            'm', 'AI usage score', NULL, NULL),
 ('activity', 'synonym: adoption',         'm', 'Copilot adoption rate', NULL, NULL),
 ('activity', 'synonym: logins',           'm', 'Weekly logins to ChatGPT', NULL, NULL),
 ('activity', 'rank: AI leaderboard',      'm', 'AI leaderboard position', NULL, NULL),
 ('activity', 'rank: top prompters',       'm', 'Top prompters this month', NULL, NULL),
 ('activity', 'time spent in AI tools',    'm', 'Time spent in AI tools', NULL, NULL),
 ('activity', 'seats',                     'm', 'Active seats', NULL, NULL),
 ('activity', 'Copilot acceptances',       'm', 'Copilot acceptances per dev', NULL, NULL),
 ('activity', 'lines generated',           'm', 'Lines generated by AI', NULL, NULL),
 ('activity', 'daily active users',        'm', 'Daily active users of Claude', NULL, NULL),
 ('activity', 'DAU',                       'm', 'DAU of internal GPT', NULL, NULL),
 ('activity', 'LLM requests',              'm', 'LLM requests per engineer', NULL, NULL),
 ('activity', 'queries per',               'm', 'Queries per analyst', NULL, NULL),
 ('activity', 'generations per',           'm', 'Image generations per designer', NULL, NULL),
 ('activity', 'tool calls',                'm', 'Tool calls per agent run', NULL, NULL),
 ('activity', 'keystrokes',                'm', 'Keystrokes in Copilot', NULL, NULL),
 ('activity', 'prompting',                 'm', 'Prompting frequency', NULL, NULL),
 ('activity', 'rank by chat turns',        'm', 'Rank of engineers by chat turns', NULL, NULL),
 ('activity', 'only in formula',           'engineer_productivity', 'Engineer productivity', 'sum(prompt_tokens + completion_tokens) per engineer', 'LLM gateway'),
 ('activity', 'only in formula: api calls', 'ai_impact', 'AI impact', 'count(api_calls) / headcount', 'gateway logs'),
 ('activity', 'only in data_source',       'dev_ai_engagement', 'Developer AI engagement', 'count(*) per developer', 'OpenAI usage export'),
 ('activity', 'value name, activity formula', 'time_saved_index', 'Time saved index', 'sum(tokens) / headcount', 'LLM gateway');
-- Types and uses (SPEC §4 rows 1-3).
INSERT INTO corpus (kind, label, mkey, mname, formula, source, uses, mtype, expected) VALUES
 ('activity', 'type blocked_activity, no terms', 'engagement_index', 'Engagement index', NULL, NULL, '{}', 'blocked_activity', 'blocked'),
 ('activity', 'no use given',              'ai_usage', 'AI usage', NULL, NULL, '{}', 'task_completion', 'blocked'),
 ('activity', 'team_improvement use',      'prompt_count', 'Prompt count', NULL, NULL, '{team_improvement}', 'quality', 'blocked'),
 ('activity', 'budget only',               'token_spend_team', 'Token spend per team', NULL, NULL, '{budget}', 'cost_diagnostic', 'diagnostic_only'),
 ('activity', 'cost_diagnostic use only',  'prompt_count2', 'Prompt count', NULL, NULL, '{cost_diagnostic}', 'task_completion', 'diagnostic_only'),
 ('activity', 'budget + cost_diagnostic',  'api_call_volume', 'API call volume', NULL, NULL, '{budget,cost_diagnostic}', 'time_saved', 'diagnostic_only'),
 ('activity', 'budget + ranking',          'token_cost_emp', 'Token cost per employee', NULL, NULL, '{budget,ranking}', 'cost_diagnostic', 'blocked'),
 ('activity', 'cost_diagnostic type, perf use', 'gpu_spend', 'GPU spend per engineer', NULL, NULL, '{performance_review}', 'cost_diagnostic', 'blocked'),
 ('activity', 'cost_diagnostic type, no use', 'model_spend', 'Model spend', NULL, NULL, '{}', 'cost_diagnostic', 'diagnostic_only'),
 ('activity', 'cost_diagnostic type, team use', 'inference_bill', 'Inference bill', NULL, NULL, '{team_improvement}', 'cost_diagnostic', 'diagnostic_only'),
 ('activity', 'cost words, budget use',    'cloud_spend', 'Cloud spend per product', NULL, NULL, '{budget}', 'quality', 'diagnostic_only');

-- Honest value metrics: proposals, even for performance review or ranking.
INSERT INTO corpus (kind, label, mkey, mname, formula, source, uses, expected) VALUES
 ('value', 'task completion rate',  'task_completion_rate', 'Task completion rate', 'completed tasks / assigned tasks', 'Jira', '{performance_review}', 'proposed'),
 ('value', 'actual time saved',     'actual_time_saved', 'Actual time saved', 'baseline handle time - observed handle time', 'ServiceNow timestamps', '{performance_review}', 'proposed'),
 ('value', 'output quality score',  'output_quality_score', 'Output quality score', 'share of sampled outputs passing the rubric', 'sampled review', '{ranking}', 'proposed'),
 ('value', 'customer satisfaction', 'customer_satisfaction', 'Customer satisfaction', 'mean CSAT score', 'Zendesk survey', '{performance_review}', 'proposed'),
 ('value', 'NPS',                   'nps', 'Net Promoter Score', '% promoters - % detractors', 'quarterly NPS survey', '{team_improvement}', 'proposed'),
 ('value', 'first contact resolution', 'fcr', 'First contact resolution', 'tickets resolved on first contact / total tickets', 'Zendesk', '{performance_review}', 'proposed'),
 ('value', 'resolution rate',       'resolution_rate', 'Resolution rate', 'resolved tickets / opened tickets', 'Zendesk', '{team_improvement}', 'proposed'),
 ('value', 'deployment frequency',  'deploy_frequency', 'Deployment frequency', 'production deploys per week', 'GitHub Actions', '{team_improvement}', 'proposed'),
 ('value', 'lead time for changes', 'lead_time_changes', 'Lead time for changes', 'median hours from commit to deploy', 'GitHub and Argo CD', '{team_improvement}', 'proposed'),
 ('value', 'change failure rate',   'change_failure_rate', 'Change failure rate', 'failed deployments / deployments', 'PagerDuty incidents', '{team_improvement}', 'proposed'),
 ('value', 'MTTR',                  'mttr', 'Mean time to restore (MTTR)', 'mean minutes from incident open to restore', 'PagerDuty', '{team_improvement}', 'proposed'),
 ('value', 'defect escape rate',    'defect_escape_rate', 'Defect escape rate', 'defects found in production / all defects', 'Jira bugs', '{performance_review}', 'proposed'),
 ('value', 'cycle time',            'cycle_time', 'Cycle time', 'median days from first commit to merge', 'GitHub pull requests', '{team_improvement}', 'proposed'),
 ('value', 'PR review time',        'pr_review_time', 'PR review time', 'hours from pull request open to first review', 'GitHub API', '{team_improvement}', 'proposed'),
 ('value', 'rework rate',           'rework_rate', 'Rework rate', 'reopened tickets / resolved tickets', 'Jira', '{performance_review}', 'proposed'),
 ('value', 'bug rate',              'bug_rate', 'Bug rate per release', 'bugs reported / releases', 'Jira', '{team_improvement}', 'proposed'),
 ('value', 'test coverage',         'test_coverage', 'Test coverage', 'covered lines / total lines', 'Codecov', '{team_improvement}', 'proposed'),
 ('value', 'average handle time',   'aht', 'Average handle time', 'mean handle time per case', 'Genesys', '{performance_review}', 'proposed'),
 ('value', 'time to resolution',    'time_to_resolution', 'Time to resolution', 'median hours from ticket open to resolved', 'Zendesk', '{team_improvement}', 'proposed'),
 ('value', 'SLA compliance',        'sla_compliance', 'SLA compliance', 'tickets resolved within SLA / all tickets', 'Zendesk', '{performance_review}', 'proposed'),
 ('value', 'escalation rate',       'escalation_rate', 'Escalation rate', 'escalated tickets / total tickets', 'Zendesk', '{team_improvement}', 'proposed'),
 ('value', 'customer effort score', 'ces', 'Customer effort score', 'mean of post-case effort survey', 'Qualtrics', '{team_improvement}', 'proposed'),
 ('value', 'churn rate',            'churn_rate', 'Churn rate', 'customers lost / customers at start', 'Salesforce', '{team_improvement}', 'proposed'),
 ('value', 'retention rate',        'retention_rate', 'Retention rate', 'customers retained / customers at start', 'Salesforce', '{team_improvement}', 'proposed'),
 ('value', 'conversion rate',       'conversion_rate', 'Conversion rate', 'orders / qualified leads', 'HubSpot', '{performance_review}', 'proposed'),
 ('value', 'revenue per agent',     'revenue_per_agent', 'Revenue per support agent', 'upsell revenue / agents', 'Salesforce', '{team_improvement}', 'proposed'),
 ('value', 'answer accuracy',       'answer_accuracy', 'Answer accuracy', 'correct answers / sampled answers', 'expert review', '{team_improvement}', 'proposed'),
 ('value', 'hallucination rate',    'hallucination_rate', 'Hallucination rate', 'answers with unsupported claims / sampled answers', 'expert review', '{team_improvement}', 'proposed'),
 ('value', 'groundedness',          'groundedness', 'Groundedness score', 'claims supported by cited sources / claims', 'eval harness', '{team_improvement}', 'proposed'),
 ('value', 'retrieval precision',   'precision_at_5', 'Retrieval precision at 5', 'relevant documents in top 5 / 5', 'labelled eval set', '{team_improvement}', 'proposed'),
 ('value', 'mean reciprocal rank',  'mrr', 'Mean reciprocal rank', 'mean of 1/rank of the first relevant document', 'labelled eval set', '{team_improvement}', 'proposed'),
 ('value', 'nDCG@10',               'ndcg_10', 'nDCG@10', 'normalised discounted cumulative gain at 10', 'labelled eval set', '{team_improvement}', 'proposed'),
 ('value', '"prompt" meaning quick', 'prompt_resolution', 'Prompt resolution of complaints', 'complaints resolved within 24 hours / complaints', 'CRM', '{performance_review}', 'proposed'),
 ('value', 'prompt payment',        'prompt_payment_rate', 'Prompt payment rate', 'invoices paid by due date / invoices', 'ERP', '{team_improvement}', 'proposed'),
 ('value', 'invoice accuracy',      'invoice_accuracy', 'Invoice processing accuracy', 'invoices without correction / invoices processed', 'ERP', '{team_improvement}', 'proposed'),
 ('value', 'cost savings',          'cost_savings', 'Cost savings from automation', 'baseline cost - current cost', 'finance ledger', '{team_improvement}', 'proposed'),
 ('value', 'hours saved',           'hours_saved', 'Hours saved per week', 'baseline hours - actual hours', 'time tracking', '{performance_review}', 'proposed'),
 ('value', 'minutes saved',         'minutes_saved_ticket', 'Minutes saved per ticket', 'baseline minutes per ticket - minutes per ticket', 'Zendesk', '{team_improvement}', 'proposed'),
 ('value', 'data entry error rate', 'data_entry_error_rate', 'Data entry error rate', 'fields corrected / fields entered', 'audit sample', '{team_improvement}', 'proposed'),
 ('value', 'claims processed correctly', 'claims_correct', 'Claims processed correctly', 'correct claims / processed claims', 'claims audit', '{performance_review}', 'proposed'),
 ('value', 'onboarding time',       'onboarding_time', 'Onboarding time for new hires', 'days to first independent task', 'HRIS', '{team_improvement}', 'proposed'),
 ('value', 'time to first response', 'time_to_first_response', 'Time to first response', 'median minutes to first human reply', 'Zendesk', '{team_improvement}', 'proposed'),
 ('value', 'deflection rate',       'deflection_rate', 'Ticket deflection rate', 'cases solved by self-service / cases', 'Zendesk', '{team_improvement}', 'proposed'),
 ('value', 'contract cycle time',   'contract_cycle_time', 'Contract review cycle time', 'days from request to signed contract', 'CLM system', '{team_improvement}', 'proposed'),
 ('value', 'forecast accuracy',     'forecast_accuracy', 'Forecast accuracy', '1 - mean absolute percentage error', 'planning system', '{team_improvement}', 'proposed'),
 ('value', 'eNPS',                  'enps', 'Employee satisfaction with tooling (eNPS)', 'promoters - detractors', 'pulse survey', '{team_improvement}', 'proposed'),
 ('value', 'support requests resolved', 'support_requests_resolved', 'Support requests resolved', 'resolved support requests / support requests', 'ServiceNow', '{performance_review}', 'proposed'),
 ('value', 'feature requests shipped', 'feature_requests_shipped', 'Feature requests shipped', 'shipped feature requests / accepted feature requests', 'Productboard', '{team_improvement}', 'proposed'),
 ('value', 'merge requests merged', 'mr_merge_rate', 'Merge requests merged', 'merged merge requests / opened merge requests', 'GitLab', '{team_improvement}', 'proposed'),
 ('value', 'recovery time',         'incident_recovery_time', 'Incident recovery time', 'median minutes to recover service', 'PagerDuty', '{team_improvement}', 'proposed'),
 ('value', 'MTBF',                  'mtbf_payments', 'MTBF of payment service', 'operating hours / failures', 'Datadog', '{team_improvement}', 'proposed'),
 ('value', 'DORA keys',             'dora_keys', 'DORA four keys', 'deployment frequency, lead time, change failure rate, MTTR', 'Four Keys', '{team_improvement}', 'proposed'),
 ('value', 'translation quality',   'translation_quality', 'Translation quality (MQM)', 'MQM error points per 1000 words', 'linguist review', '{performance_review}', 'proposed'),
 ('value', 'code quality',          'code_quality_score', 'Code quality score', 'maintainability rating', 'SonarQube', '{team_improvement}', 'proposed'),
 ('value', 'vulnerabilities in SLA', 'vulns_fixed_in_sla', 'Vulnerabilities fixed within SLA', 'fixed within SLA / found', 'Snyk', '{team_improvement}', 'proposed'),
 ('value', 'customer messages answered', 'msgs_answered_1h', 'Customer messages answered within 1 hour', 'answered within 60 minutes / received', 'Intercom', '{team_improvement}', 'proposed'),
 ('value', 'win rate',              'win_rate', 'Sales win rate', 'deals won / deals closed', 'Salesforce', '{performance_review}', 'proposed'),
 ('value', 'average order value',   'aov', 'Average order value', 'revenue / orders', 'Shopify', '{team_improvement}', 'proposed'),
 ('value', 'on-time delivery',      'on_time_delivery', 'On-time delivery rate', 'orders delivered by promised date / orders', 'WMS', '{team_improvement}', 'proposed'),
 ('value', 'patient wait time',     'patient_wait_time', 'Patient wait time', 'median minutes from check-in to consultation', 'EHR', '{team_improvement}', 'proposed'),
 ('value', 'first pass yield',      'first_pass_yield', 'First pass yield', 'units passing first inspection / units', 'MES', '{team_improvement}', 'proposed'),
 ('value', 'KB article accuracy',   'kb_accuracy', 'Knowledge base article accuracy', 'articles passing review / articles sampled', 'Confluence review', '{team_improvement}', 'proposed'),
 ('value', 'time saved with AI tools', 'time_saved_ai_tools', 'Time saved with AI tools', 'baseline minutes - minutes with AI tools', 'time tracking', '{team_improvement}', 'proposed'),
 ('value', 'chat resolution rate',  'chat_resolution_rate', 'Chat resolution rate', 'resolved chat sessions / chat sessions', 'Intercom', '{team_improvement}', 'proposed'),
 ('value', 'CSAT after AI chat',    'csat_ai_chat', 'Customer satisfaction after AI chat', 'mean CSAT of chat sessions', 'Intercom survey', '{team_improvement}', 'proposed'),
 ('value', 'course completion rate', 'course_completion_rate', 'Completion rate of onboarding courses', 'courses completed / courses assigned', 'LMS', '{team_improvement}', 'proposed'),
 ('value', 'p95 latency',           'checkout_p95_latency', 'Checkout p95 latency', 'p95 of checkout response time in ms', 'Datadog APM', '{team_improvement}', 'proposed'),
 ('value', 'leaderboard of value',  'resolution_leaderboard', 'Resolution rate leaderboard', 'resolved tickets / opened tickets per team', 'Zendesk', '{ranking}', 'proposed');

SELECT c.n, c.kind, c.label, c.expected, d.status, d.is_activity,
       CASE WHEN d.status = c.expected THEN 'ok' ELSE 'MISMATCH' END AS result
  FROM corpus c
  CROSS JOIN LATERAL ai_value.classify_metric(c.mkey, c.mname, c.formula, c.source, c.uses, c.mtype) d
 ORDER BY c.n;

SELECT c.kind, count(*) AS cases, count(*) FILTER (WHERE d.status = c.expected) AS passed
  FROM corpus c
  CROSS JOIN LATERAL ai_value.classify_metric(c.mkey, c.mname, c.formula, c.source, c.uses, c.mtype) d
 GROUP BY c.kind ORDER BY c.kind;

-- Why: the matched terms of a few cases, with their fields.
SELECT c.label, d.matched
  FROM corpus c
  CROSS JOIN LATERAL ai_value.classify_metric(c.mkey, c.mname, c.formula, c.source, c.uses, c.mtype) d
 WHERE c.label IN ('Cyrillic T, o, e', 'compound chatsessionsperuser', 'value name, activity formula',
                   'chat resolution rate', 'time saved with AI tools', 'mean reciprocal rank')
 ORDER BY c.n;
