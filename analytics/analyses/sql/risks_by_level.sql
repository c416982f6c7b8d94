-- risks_by_level: one row per level (lag, mattlig, allvarlig) with the risks assessed in the
-- period and how many of them are in the internal control plan.
with
{{selected_units}},
{{selected_risks}},
levels as (select * from (values ('lag', 1), ('mattlig', 2), ('allvarlig', 3)) as t(level, rank))
select
    levels.level,
    count(r.risk_id) as risks,
    count(r.risk_id) filter (where r.internal_control) as in_internal_control
from levels
left join selected_risks as r on r.level = levels.level
group by levels.level, levels.rank
order by levels.rank
