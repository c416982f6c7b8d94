-- signing_rate_by_unit: one row per (unit_id, task_kind) with tasks > 0.
with
{{selected_units}},
{{signing_tasks}},
{{signing_deviations}},
joined as (
    select
        t.unit_id,
        t.unit_name,
        t.unit_type,
        t.operator,
        t.task_kind,
        t.tasks,
        t.signed,
        t.unsigned,
        coalesce(d.reported_deviations, 0) as reported_deviations
    from signing_tasks as t
    left join signing_deviations as d on d.unit_id = t.unit_id and d.task_kind = t.task_kind
    where t.tasks > 0
)
select
    unit_id,
    unit_name,
    unit_type,
    operator,
    task_kind,
    tasks,
    signed,
    signed / tasks as signed_share,
    unsigned,
    reported_deviations,
    case when reported_deviations > 0 then unsigned / reported_deviations end as unsigned_per_deviation
from joined
order by unit_type, operator, unit_id, task_kind
