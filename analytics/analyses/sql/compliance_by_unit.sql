-- compliance_by_unit: one row per selected unit with a deviation in the period.
with
{{selected_units}},
{{period_deviations}},
per_unit as (
    select
        unit_id,
{{compliance_measures}}
    from period_deviations
    where in_period
    group by unit_id
)
select
    su.unit_name,
    su.unit_type,
    su.operator,
    pu.*
from per_unit as pu
join selected_units as su
    on su.unit_id = pu.unit_id
order by su.unit_type, su.operator, pu.unit_id
