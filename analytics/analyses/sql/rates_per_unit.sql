-- rates_per_unit: one row per selected unit with brukare > 0 in the period.
with
{{selected_units}},
{{period_deviations}},
{{period_brukare}},
{{unit_kind_counts}}
select
    unit_id,
    unit_name,
    unit_type,
    operator,
    brukare,
    hsl_other_count,
    medication_count,
    fall_count,
    violence_count
from unit_kind_counts
where brukare > 0
order by unit_type, operator, unit_id
