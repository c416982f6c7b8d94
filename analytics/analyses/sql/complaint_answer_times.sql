-- complaint_answer_times: one row for 'all' kinds, then one per kind with complaints in the
-- period: how many were answered, the median days to answer, and how many are still open.
with
{{selected_units}},
{{complaints_selected}},
period_complaints as (
    select
        kind,
        answered_date is not null as answered,
        date_diff('day', received_date, answered_date) as days_to_answer
    from selected_complaints
    where received_date between $date_from and $date_to
),
by_kind as (
    select
        coalesce(kind, 'all') as kind,
        grouping(kind) as is_total,
        count(*) as count,
        count(*) filter (where answered) as answered,
        median(days_to_answer) as median_days,
        count(*) filter (where not answered) as open
    from period_complaints
    group by grouping sets ((), (kind))
)
select
    kind,
    count,
    answered,
    case when count > 0 then answered / count end as answered_share,
    median_days,
    open
from by_kind
order by is_total desc, kind
