-- vardsamverkan_by_category: one row per (category, direction) of the period's vårdsamverkan
-- deviations, a null direction as 'ej_angiven'.
with
{{selected_units}},
{{period_deviations}}
select category, coalesce(direction, 'ej_angiven') as direction, count(*) as count
from period_deviations
where in_period and domain = 'vardsamverkan'
group by all
order by category, direction
