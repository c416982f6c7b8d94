-- signing_rate_by_unit: one row per (unit_id, task_kind) with tasks > 0.
with
{{selected_units}},
{{signing_tasks}},
{{signing_deviations}},
{{signing_units}}
select
    unit_id,
    unit_name,
    unit_type,
    operator,
    task_kind,
{{signing_measures}},
    case when sum(reported_deviations) > 0 then sum(unsigned) / sum(reported_deviations) end
        as unsigned_per_deviation
from signing_units
group by unit_id, unit_name, unit_type, operator, task_kind
having sum(tasks) > 0
order by unit_type, operator, unit_id, task_kind
