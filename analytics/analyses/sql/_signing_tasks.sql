-- signing_tasks: one row per selected unit and task_kind with signings dated in
-- [date_from, date_to]. tasks = sum of count (every status); signed = utford + ej_utford;
-- unsigned = ej_signerad. Event rows and pre-aggregated rows add up alike (count is never null).
signing_tasks as (
    select
        su.unit_id,
        su.unit_name,
        su.unit_type,
        su.operator,
        s.task_kind,
        cast(sum(s.count) as bigint) as tasks,
        cast(coalesce(sum(s.count) filter (where s.status in ('utford', 'ej_utford')), 0) as bigint) as signed,
        cast(coalesce(sum(s.count) filter (where s.status = 'ej_signerad'), 0) as bigint) as unsigned
    from signings as s
    join selected_units as su on su.unit_id = s.unit_id
    where s.date between $date_from and $date_to
    group by su.unit_id, su.unit_name, su.unit_type, su.operator, s.task_kind
)
