-- complaints_by_unit_type: one row per (unit_type, operator) with complaints in the period;
-- area-only complaints as unit_type 'ovrigt', operator null.
with
{{selected_units}},
{{complaints_selected}},
period_complaints as (
    select unit_type, operator
    from selected_complaints
    where received_date between $date_from and $date_to
)
select unit_type, operator, count(*) as count
from period_complaints
group by unit_type, operator
order by unit_type, operator nulls last
