-- complaints_list: one row per non-confidential complaint received in the period. A
-- confidential complaint is never listed (it is only counted elsewhere). The description is
-- returned only when $show_free_text is true.
with
{{selected_units}},
{{complaints_selected}},
listed as (
    select *
    from selected_complaints
    where received_date between $date_from and $date_to
      and not confidential
)
select
    l.complaint_id,
    l.received_date,
    l.unit_id,
    l.unit_name,
    l.area,
    l.unit_type,
    l.operator,
    l.kind,
    l.category,
    l.sender,
    l.answered_date,
    date_diff('day', l.received_date, l.answered_date) as days_to_answer,
    case when $show_free_text and not c.confidential then c.description end as description
from listed as l
join complaints as c on c.complaint_id = l.complaint_id
order by l.received_date, l.complaint_id
