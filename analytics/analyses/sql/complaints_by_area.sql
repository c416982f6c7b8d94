-- complaints_by_area: one row per area (the unit's area, or the complaint's own area when it
-- names no unit) with complaints in the period.
with
{{selected_units}},
{{complaints_selected}},
period_complaints as (
    select area
    from selected_complaints
    where received_date between $date_from and $date_to
)
select area, count(*) as count
from period_complaints
group by area
order by area nulls last
