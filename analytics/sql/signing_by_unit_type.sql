-- signing_by_unit_type: one row per (unit_type, task_kind) with tasks > 0, all operators together.
with
{{selected_units}},
{{signing_tasks}},
{{signing_deviations}},
type_tasks as (
    select
        unit_type,
        task_kind,
        cast(sum(tasks) as bigint) as tasks,
        cast(sum(signed) as bigint) as signed,
        cast(sum(unsigned) as bigint) as unsigned
    from signing_tasks
    group by unit_type, task_kind
),
type_deviations as (
    select unit_type, task_kind, cast(sum(reported_deviations) as bigint) as reported_deviations
    from signing_deviations
    group by unit_type, task_kind
),
joined as (
    select
        t.unit_type,
        t.task_kind,
        t.tasks,
        t.signed,
        t.unsigned,
        coalesce(d.reported_deviations, 0) as reported_deviations
    from type_tasks as t
    left join type_deviations as d on d.unit_type = t.unit_type and d.task_kind = t.task_kind
    where t.tasks > 0
)
select
    unit_type,
    task_kind,
    tasks,
    signed,
    signed / tasks as signed_share,
    unsigned,
    reported_deviations,
    case when reported_deviations > 0 then unsigned / reported_deviations end as unsigned_per_deviation
from joined
order by unit_type, task_kind
