-- complaints_by_category: one row per category with complaints in the period; an
-- uncategorised complaint counts as 'okategoriserad'.
with
{{selected_units}},
{{complaints_selected}},
period_complaints as (
    select coalesce(category, 'okategoriserad') as category
    from selected_complaints
    where received_date between $date_from and $date_to
)
select category, count(*) as count
from period_complaints
group by category
order by count desc, category
