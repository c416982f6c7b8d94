-- signing_by_group: one row per (unit_type, operator, task_kind) with tasks > 0; the matching
-- deviations at every selected unit of the group, also those without signings.
with
{{selected_units}},
{{signing_tasks}},
{{signing_deviations}},
{{signing_units}}
select
    unit_type,
    operator,
    task_kind,
{{signing_measures}}
from signing_units
group by unit_type, operator, task_kind
having sum(tasks) > 0
order by unit_type, operator, task_kind
