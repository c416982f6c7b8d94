-- work_incidents_summary: one row: violent work incidents (Kia) in the period at the selected
-- units, and how many of them come from the $top_n units with most.
with
{{selected_units}},
per_unit as (
    select
        wi.unit_id,
        count(*) as count,
        row_number() over (order by count(*) desc, wi.unit_id) as rank
    from work_incidents as wi
    join selected_units as su
        on su.unit_id = wi.unit_id
    where wi.violence and wi.date between $date_from and $date_to
    group by wi.unit_id
)
select
    cast(coalesce(sum(count), 0) as bigint) as work_incidents,
    count(*) as units,
    cast(coalesce(sum(count) filter (where rank <= $top_n), 0) as bigint) as top_count
from per_unit
