-- falls_by_unit_type: one row per (unit_type, operator) with a fall in the period or census
-- brukare: falls, distinct brukare who fell there, census brukare.
with
{{selected_units}},
{{period_deviations}},
{{period_brukare}},
per_group_falls as (
    select
        unit_type,
        operator,
        count(*) as deviations,
        count(distinct brukare_id) as brukare_with_falls
    from period_deviations
    where in_period and is_fall
    group by unit_type, operator
),
per_group_census as (
    select su.unit_type, su.operator, sum(ub.brukare) as brukare
    from unit_brukare as ub
    join selected_units as su
        on su.unit_id = ub.unit_id
    group by su.unit_type, su.operator
)
select
    pc.unit_type,
    pc.operator,
    coalesce(pf.deviations, 0) as deviations,
    coalesce(pf.brukare_with_falls, 0) as brukare_with_falls,
    pc.brukare,
    case when pc.brukare > 0 then coalesce(pf.deviations, 0) / pc.brukare end as per_brukare
from per_group_census as pc
left join per_group_falls as pf
    on pf.unit_type = pc.unit_type and pf.operator = pc.operator
where pf.deviations > 0 or pc.brukare > 0
order by pc.unit_type, pc.operator
