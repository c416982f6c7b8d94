-- signing_by_month: one row per (calendar month, group_key) with tasks > 0. group_key is the
-- code of the dimension named by $by (checked against an allow-list in Python), or 'all'.
with
{{selected_units}},
{{signing_rows}},
period_signings as (
    select
        s.month,
        case $by
            when 'unit_type' then su.unit_type
            when 'operator' then su.operator
            when 'task_kind' then s.task_kind
            else 'all'
        end as group_key,
        s.status,
        s.tasks as count
    from signing_rows as s
    join selected_units as su on su.unit_id = s.unit_id
    where ($task_kind is null or s.task_kind = $task_kind)
),
monthly as (
    select
        month,
        group_key,
        cast(sum(count) as bigint) as tasks,
        cast(coalesce(sum(count) filter (where status in ('utford', 'ej_utford')), 0) as bigint) as signed,
        cast(coalesce(sum(count) filter (where status = 'ej_signerad'), 0) as bigint) as unsigned
    from period_signings
    group by month, group_key
)
select month, group_key, tasks, signed, signed / tasks as signed_share, unsigned
from monthly
where tasks > 0
order by month, group_key
