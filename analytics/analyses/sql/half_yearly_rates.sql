-- half_yearly_rates: one row per (half year, unit_type) overlapping the period, plus an 'all'
-- row first in each half: counts summed over the half's months in the period, brukare the
-- census average over those months.
with
{{selected_units}},
{{period_deviations}},
{{period_brukare}},
{{monthly_unit_type}},
halves as (
    select
        *,
        cast(make_date(year(month), case when month(month) <= 6 then 1 else 7 end, 1) as date)
            as half_start
    from monthly_unit_type
),
with_all as (
    select
        half_start,
        coalesce(unit_type, 'all') as unit_type,
        count(distinct month) as months,
        sum(brukare) / count(distinct month) as brukare,
        cast(sum(deviations) as bigint) as deviations,
        cast(sum(hsl_other_count) as bigint) as hsl_other_count,
        cast(sum(medication_count) as bigint) as medication_count,
        cast(sum(fall_count) as bigint) as fall_count,
        cast(sum(violence_count) as bigint) as violence_count,
        cast(sum(sol_lss_count) as bigint) as sol_lss_count
    from halves
    group by grouping sets ((half_start, unit_type), (half_start))
)
select
    half_start,
    year(half_start) || case when month(half_start) = 1 then ' H1' else ' H2' end as half_year,
    unit_type,
    months,
    brukare,
    deviations,
    hsl_other_count,
    medication_count,
    fall_count,
    violence_count,
    sol_lss_count,
    case when brukare > 0 then deviations / brukare end as deviations_per_brukare,
    case when brukare > 0 then hsl_other_count / brukare end as hsl_other_deviations,
    case when brukare > 0 then medication_count / brukare end as medication_deviations,
    case when brukare > 0 then fall_count / brukare end as fall_deviations,
    case when brukare > 0 then violence_count / brukare end as violence_deviations
from with_all
order by half_start, unit_type = 'all' desc, unit_type
