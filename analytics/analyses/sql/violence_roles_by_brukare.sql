-- violence_roles_by_brukare: one row per (unit, brukare) with a hot och våld deviation (LSS or
-- SoL) in the period or the previous period, split by the brukare's role in the period; rows
-- without a brukare form one row per unit with brukare_id null.
with
{{selected_units}},
{{period_deviations}}
select
    unit_id,
    unit_type,
    operator,
    brukare_id,
    count(*) filter (where in_period) as count,
    count(*) filter (where in_period and violence_role = 'utovare') as utovare,
    count(*) filter (where in_period and violence_role = 'utsatt') as utsatt,
    count(*) filter (where in_period and violence_role is null) as without_role,
    count(*) filter (where in_previous) as previous_count
from period_deviations
where is_violence
group by unit_id, unit_type, operator, brukare_id
order by unit_type, operator, unit_id, count desc, brukare_id nulls last
