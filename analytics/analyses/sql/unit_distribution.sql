-- unit_distribution: one row per selected unit that is active or has a deviation of $kind in
-- the period: the per-unit counts behind a histogram or box plot.
with
{{selected_units}},
{{period_deviations}},
{{period_brukare}},
{{unit_kind_counts}},
chosen as (
    select unit_id, unit_name, unit_type, operator, brukare, active, {{kind_count}} as count
    from unit_kind_counts
)
select
    unit_id,
    unit_name,
    unit_type,
    operator,
    brukare,
    active,
    count,
    case when brukare > 0 then count / brukare end as per_brukare
from chosen
where active or count > 0
order by unit_type, count desc, unit_id
