-- signing_tasks_per_unit: one row per selected unit with signings in the period: the sum of
-- count (every status) by task_kind.
with
{{selected_units}},
{{signing_rows}}
select
    su.unit_id,
    su.unit_type,
    cast(coalesce(sum(s.tasks) filter (where s.task_kind = 'hsl_insats'), 0) as bigint) as hsl_task_count,
    cast(coalesce(sum(s.tasks) filter (where s.task_kind = 'lakemedel'), 0) as bigint) as medication_task_count
from signing_rows as s
join selected_units as su
    on su.unit_id = s.unit_id
group by su.unit_id, su.unit_type
order by su.unit_id
