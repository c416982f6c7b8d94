-- mean_per_unit: one row per unit_type with active units; the period's deviations of each kind
-- at all units of the type divided by the number of active units.
with
{{selected_units}},
{{period_deviations}},
{{period_brukare}},
{{unit_kind_counts}}
select
    unit_type,
    count(*) filter (where active) as units,
    cast(sum(hsl_other_count) as bigint) as hsl_other_count,
    cast(sum(violence_count) as bigint) as violence_count,
    cast(sum(sol_lss_count) as bigint) as sol_lss_count,
    cast(sum(hsl_other_count) as bigint) / count(*) filter (where active) as hsl_other_deviations,
    cast(sum(violence_count) as bigint) / count(*) filter (where active) as violence_deviations,
    cast(sum(sol_lss_count) as bigint) / count(*) filter (where active) as sol_lss_deviations
from unit_kind_counts
group by unit_type
having count(*) filter (where active) > 0
order by unit_type
