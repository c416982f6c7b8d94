-- lex_summary: one row: the period's reports under $law, the comparison period's, and the
-- period's reports that went to IVO.
with
{{selected_units}},
{{period_deviations}},
{{under_law}}
select
    count(*) filter (where in_period) as reports,
    count(*) filter (where in_previous) as previous_reports,
    count(*) filter (where in_period and ivo_reported) as ivo_reported
from under_law
