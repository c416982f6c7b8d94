-- deviations_by_unit_type: one row per (unit_type, operator, domain) with a deviation in the
-- period or the previous period.
with
{{selected_units}},
{{period_deviations}}
select
    unit_type,
    operator,
    domain,
    count(*) filter (where in_period) as count,
    count(*) filter (where in_previous) as previous_count
from period_deviations
group by unit_type, operator, domain
order by unit_type, operator, domain
