-- signing_deviations: one row per selected unit and task_kind: the period's hsl deviations of
-- the category that matches the task kind. lakemedel tasks <-> category lakemedel; hsl_insats
-- tasks <-> every hsl category except fall and lakemedel ("HSL övrigt"). The domain and
-- category filters do not apply: the match is part of the definition.
signing_deviations as (
    select
        su.unit_id,
        su.unit_type,
        su.operator,
        case when d.category = 'lakemedel' then 'lakemedel' else 'hsl_insats' end as task_kind,
        count(*) as reported_deviations
    from deviations as d
    join selected_units as su on su.unit_id = d.unit_id
    where d.reported_date between $date_from and $date_to
      and d.domain = 'hsl'
      and d.category <> 'fall'
    group by su.unit_id, su.unit_type, su.operator, task_kind
)
