-- lex_by_category: one row per (domain, category) with a report under $law in the period or
-- the comparison period.
with
{{selected_units}},
{{period_deviations}},
{{under_law}}
select
    domain,
    category,
    count(*) filter (where in_period) as count,
    count(*) filter (where in_previous) as previous_count,
    count(*) filter (where in_period and ivo_reported) as ivo_reported,
    count(*) filter (where in_period and investigated_date is not null) as investigated
from under_law
group by domain, category
order by domain, category
