-- vardsamverkan_by_direction: always three rows, inkommande, utgaende, ej_angiven (a null
-- direction): the vårdsamverkan deviations of the period and of the comparison period.
with
{{selected_units}},
{{period_deviations}},
directions (direction, position) as (
    values ('inkommande', 1), ('utgaende', 2), ('ej_angiven', 3)
),
counted as (
    select
        coalesce(direction, 'ej_angiven') as direction,
        count(*) filter (where in_period) as count,
        count(*) filter (where in_previous) as previous_count
    from period_deviations
    where domain = 'vardsamverkan'
    group by 1
)
select d.direction, coalesce(c.count, 0) as count, coalesce(c.previous_count, 0) as previous_count
from directions as d
left join counted as c on c.direction = d.direction
order by d.position
