-- violence_by_unit: one row per unit with a hot och våld deviation in the period, sorted by
-- count descending then unit_id, with the running (Pareto) share.
with
{{selected_units}},
{{period_deviations}},
{{violence_units}},
utovare_per_unit as (
    select unit_id, count(distinct brukare_id) as utovare_brukare
    from violence_rows
    where violence_role = 'utovare'
    group by unit_id
)
select
    vu.rank,
    vu.unit_id,
    su.unit_name,
    su.unit_type,
    su.operator,
    vu.count,
    coalesce(up.utovare_brukare, 0) as utovare_brukare,
    cast(sum(vu.count) over (order by vu.rank) as bigint) as cumulative_count,
    sum(vu.count) over (order by vu.rank) / sum(vu.count) over () as cumulative_share
from violence_units as vu
join selected_units as su
    on su.unit_id = vu.unit_id
left join utovare_per_unit as up
    on up.unit_id = vu.unit_id
order by vu.rank
