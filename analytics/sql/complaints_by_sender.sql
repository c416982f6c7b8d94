-- complaints_by_sender: one row per sender with complaints in the period; an unknown sender
-- (null) counts as 'okand', together with rows coded 'okand'.
with
{{selected_units}},
{{complaints_selected}},
period_complaints as (
    select coalesce(sender, 'okand') as sender
    from selected_complaints
    where received_date between $date_from and $date_to
)
select sender, count(*) as count
from period_complaints
group by sender
order by count desc, sender
