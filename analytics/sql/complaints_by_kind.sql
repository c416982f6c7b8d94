-- complaints_by_kind: one row per kind (klagomal, synpunkt, berom, forslag) in the period.
with
{{selected_units}},
{{complaints_selected}},
period_complaints as (
    select kind
    from selected_complaints
    where received_date between $date_from and $date_to
)
select kind, count(*) as count
from period_complaints
group by kind
order by count desc, kind
