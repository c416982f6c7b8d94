-- signing_tasks: one row per selected unit and task_kind with signings dated in
-- [date_from, date_to]. tasks = every status; signed = utford + ej_utford; unsigned =
-- ej_signerad. Read from the signing marts through signing_rows (event rows and pre-aggregated
-- rows were added up alike at load).
{{signing_rows}},
signing_tasks as (
    select
        su.unit_id,
        su.unit_name,
        su.unit_type,
        su.operator,
        s.task_kind,
        cast(sum(s.tasks) as bigint) as tasks,
        cast(coalesce(sum(s.tasks) filter (where s.status in ('utford', 'ej_utford')), 0) as bigint) as signed,
        cast(coalesce(sum(s.tasks) filter (where s.status = 'ej_signerad'), 0) as bigint) as unsigned
    from signing_rows as s
    join selected_units as su on su.unit_id = s.unit_id
    group by su.unit_id, su.unit_name, su.unit_type, su.operator, s.task_kind
)
