-- signing_deviations: one row per selected unit and task_kind: the period's deviations matched
-- with that task kind (mart_deviations.task_kind, defined with the kinds in
-- analytics/contract/kinds.py: läkemedel <-> lakemedel, HSL övrigt <-> hsl_insats). The domain
-- and category filters do not apply: the match is part of the definition.
signing_deviations as (
    select
        su.unit_id,
        su.unit_type,
        su.operator,
        d.task_kind,
        count(*) as reported_deviations
    from mart_deviations as d
    join selected_units as su on su.unit_id = d.unit_id
    where d.reported_date between $date_from and $date_to
      and d.task_kind is not null
    group by su.unit_id, su.unit_type, su.operator, d.task_kind
)
