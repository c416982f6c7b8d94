-- rates_per_brukare: one row per unit_type with brukare > 0 in the period: census brukare and
-- the period's deviation counts by kind (task counts come from signing_tasks_per_unit).
with
{{selected_units}},
{{period_deviations}},
{{period_brukare}},
{{unit_kind_counts}}
select
    unit_type,
    sum(brukare) as brukare,
    cast(sum(hsl_other_count) as bigint) as hsl_other_count,
    cast(sum(medication_count) as bigint) as medication_count,
    cast(sum(fall_count) as bigint) as fall_count,
    cast(sum(violence_count) as bigint) as violence_count
from unit_kind_counts
group by unit_type
having sum(brukare) > 0
order by unit_type
