-- complaints_by_code: one row per code of the column named by $by ('category', 'sender' or
-- 'kind'; checked against an allow-list in Python) with complaints in the period, sorted by
-- count descending, then code. A null category counts as 'okategoriserad', a null sender as
-- 'okand' (together with rows coded 'okand').
with
{{selected_units}},
{{complaints_selected}},
period_complaints as (
    select
        case $by
            when 'category' then coalesce(category, 'okategoriserad')
            when 'sender' then coalesce(sender, 'okand')
            when 'kind' then kind
        end as code
    from selected_complaints
    where received_date between $date_from and $date_to
)
select code, count(*) as count
from period_complaints
group by code
order by count desc, code
