-- signing_units: one row per selected unit and task_kind with signings or matching deviations
-- in the period: tasks, signed, unsigned (0 without signings) and reported_deviations (0
-- without). Needs selected_units, signing_tasks and signing_deviations before it.
signing_units as (
    select
        su.unit_id,
        su.unit_name,
        su.unit_type,
        su.operator,
        coalesce(t.task_kind, d.task_kind) as task_kind,
        coalesce(t.tasks, 0) as tasks,
        coalesce(t.signed, 0) as signed,
        coalesce(t.unsigned, 0) as unsigned,
        coalesce(d.reported_deviations, 0) as reported_deviations
    from signing_tasks as t
    full join signing_deviations as d
        on d.unit_id = t.unit_id and d.task_kind = t.task_kind
    join selected_units as su
        on su.unit_id = coalesce(t.unit_id, d.unit_id)
)
