-- signing_by_unit_type: one row per (unit_type, task_kind) with tasks > 0, all operators
-- together; the matching deviations at every selected unit of the type.
with
{{selected_units}},
{{signing_tasks}},
{{signing_deviations}},
{{signing_units}}
select
    unit_type,
    task_kind,
{{signing_measures}},
    case when sum(reported_deviations) > 0 then sum(unsigned) / sum(reported_deviations) end
        as unsigned_per_deviation
from signing_units
group by unit_type, task_kind
having sum(tasks) > 0
order by unit_type, task_kind
