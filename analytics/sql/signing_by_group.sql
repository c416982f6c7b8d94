-- signing_by_group: one row per (unit_type, operator, task_kind) with tasks > 0.
with
{{selected_units}},
{{signing_tasks}},
{{signing_deviations}},
group_tasks as (
    select
        unit_type,
        operator,
        task_kind,
        cast(sum(tasks) as bigint) as tasks,
        cast(sum(signed) as bigint) as signed,
        cast(sum(unsigned) as bigint) as unsigned
    from signing_tasks
    group by unit_type, operator, task_kind
),
group_deviations as (
    select unit_type, operator, task_kind, cast(sum(reported_deviations) as bigint) as reported_deviations
    from signing_deviations
    group by unit_type, operator, task_kind
)
select
    t.unit_type,
    t.operator,
    t.task_kind,
    t.tasks,
    t.signed,
    t.signed / t.tasks as signed_share,
    t.unsigned,
    coalesce(d.reported_deviations, 0) as reported_deviations
from group_tasks as t
left join group_deviations as d
    on d.unit_type = t.unit_type and d.operator = t.operator and d.task_kind = t.task_kind
where t.tasks > 0
order by t.unit_type, t.operator, t.task_kind
