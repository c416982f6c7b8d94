-- deviations_by_unit: one row per selected unit with a deviation in the period or the previous
-- period, or with brukare in the period's census.
with
{{selected_units}},
{{period_deviations}},
{{period_brukare}},
per_unit as (
    select
        unit_id,
        count(*) filter (where in_period) as count,
        count(*) filter (where in_previous) as previous_count
    from period_deviations
    group by unit_id
)
select
    su.unit_id,
    su.unit_name,
    su.unit_type,
    su.operator,
    coalesce(pu.count, 0) as count,
    coalesce(pu.previous_count, 0) as previous_count,
    ub.brukare,
    case when ub.brukare > 0 then coalesce(pu.count, 0) / ub.brukare end as per_brukare
from selected_units as su
join unit_brukare as ub
    on ub.unit_id = su.unit_id
left join per_unit as pu
    on pu.unit_id = su.unit_id
where pu.unit_id is not null or ub.brukare > 0
order by su.unit_type, su.operator, su.unit_id
