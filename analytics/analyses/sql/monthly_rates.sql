-- monthly_rates: one row per (month, unit_type) of monthly_unit_type plus, first in each
-- month, a row with unit_type 'all' summing the types.
with
{{selected_units}},
{{period_deviations}},
{{period_brukare}},
{{monthly_unit_type}},
with_all as (
    select
        month,
        coalesce(unit_type, 'all') as unit_type,
        cast(sum(brukare) as bigint) as brukare,
        cast(sum(deviations) as bigint) as deviations,
        cast(sum(hsl_other_count) as bigint) as hsl_other_count,
        cast(sum(medication_count) as bigint) as medication_count,
        cast(sum(fall_count) as bigint) as fall_count,
        cast(sum(violence_count) as bigint) as violence_count,
        cast(sum(sol_lss_count) as bigint) as sol_lss_count
    from monthly_unit_type
    group by grouping sets ((month, unit_type), (month))
)
select
    *,
    case when brukare > 0 then deviations / brukare end as deviations_per_brukare,
    case when brukare > 0 then hsl_other_count / brukare end as hsl_other_deviations,
    case when brukare > 0 then medication_count / brukare end as medication_deviations,
    case when brukare > 0 then fall_count / brukare end as fall_deviations,
    case when brukare > 0 then violence_count / brukare end as violence_deviations
from with_all
order by month, unit_type = 'all' desc, unit_type
