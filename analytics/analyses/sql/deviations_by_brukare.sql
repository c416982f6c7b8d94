-- deviations_by_brukare: one row per (unit, brukare) with a deviation in the period or the
-- previous period; rows without a brukare form one row per unit with brukare_id null.
-- Counted per (unit_id, brukare_id) first and joined to the selected units afterwards (two
-- grouping keys instead of four); the units are ranked once in their own order (unit_type,
-- operator, unit_id), so the final sort compares one integer instead of three strings.
with
{{selected_units}},
unit_order as (
    select
        unit_id,
        unit_type,
        operator,
        row_number() over (order by unit_type, operator, unit_id) as unit_rank
    from selected_units
),
per_brukare as (
    select
        d.unit_id,
        d.brukare_id,
        count(*) filter (where d.reported_date between $date_from and $date_to) as count,
        count(*) filter (where d.reported_date between $prev_from and $prev_to) as previous_count
    from mart_deviations as d
    where (d.reported_date between $prev_from and $prev_to
           or d.reported_date between $date_from and $date_to)
      and ($domains is null or list_contains($domains, d.domain))
      and ($categories is null or list_contains($categories, d.category))
      and d.unit_id in (select unit_id from selected_units)
    group by d.unit_id, d.brukare_id
)
select
    b.unit_id,
    u.unit_type,
    u.operator,
    b.brukare_id,
    b.count,
    b.previous_count
from per_brukare as b
join unit_order as u
    on u.unit_id = b.unit_id
order by u.unit_rank, b.count desc, b.brukare_id nulls last
