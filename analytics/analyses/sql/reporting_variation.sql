-- reporting_variation: one row per unit_type with active units: how the period's deviations of
-- $kind spread over the type's active units.
with
{{selected_units}},
{{period_deviations}},
{{period_brukare}},
{{unit_kind_counts}},
chosen as (
    select unit_type, active, {{kind_count}} as count
    from unit_kind_counts
)
select
    unit_type,
    count(*) filter (where active) as units,
    cast(sum(count) as bigint) as count,
    cast(sum(count) as bigint) / count(*) filter (where active) as mean_per_unit,
    count(*) filter (where active and count = 0) as zero_units,
    max(count) filter (where active) as max_count,
    median(count) filter (where active) as median_count,
    cast(coalesce(sum(count) filter (where not active), 0) as bigint) as count_at_inactive_units
from chosen
group by unit_type
having count(*) filter (where active) > 0
order by unit_type
