-- spc_units: one row per selected unit with census brukare in the period: its brukare-months
-- (the sum of the monthly census over the period's months) and the period's deviations by kind,
-- with how many of them were investigated. The comparison population of the funnel plots.
with
{{selected_units}},
{{period_deviations}},
{{period_brukare}},
{{unit_kind_counts}},
unit_investigated as (
    select unit_id, count(investigated_date) filter (where in_period) as investigated
    from period_deviations
    group by unit_id
)
select
    k.unit_id,
    k.unit_name,
    k.unit_type,
    k.brukare * (select count(*) from period_months) as brukare_months,
    k.deviations,
    k.fall_count,
    k.violence_count,
    k.medication_count,
    coalesce(i.investigated, 0) as investigated
from unit_kind_counts as k
left join unit_investigated as i
    on i.unit_id = k.unit_id
where k.brukare > 0
order by k.unit_id
