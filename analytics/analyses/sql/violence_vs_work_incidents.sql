-- violence_vs_work_incidents: one row per selected unit with a hot och våld deviation or a
-- violent work incident (Kia) in the period; both counts side by side.
with
{{selected_units}},
{{period_deviations}},
{{violence_units}},
incident_units as (
    select wi.unit_id, count(*) as work_incidents
    from work_incidents as wi
    join selected_units as su
        on su.unit_id = wi.unit_id
    where wi.violence and wi.date between $date_from and $date_to
    group by wi.unit_id
),
both_sides as (
    select
        coalesce(vu.unit_id, iu.unit_id) as unit_id,
        coalesce(vu.count, 0) as deviations,
        coalesce(iu.work_incidents, 0) as work_incidents
    from violence_units as vu
    full join incident_units as iu
        on iu.unit_id = vu.unit_id
)
select
    b.unit_id,
    su.unit_name,
    su.unit_type,
    su.operator,
    b.deviations,
    b.work_incidents,
    b.work_incidents = 0 as deviations_only,
    b.deviations = 0 as work_incidents_only
from both_sides as b
join selected_units as su
    on su.unit_id = b.unit_id
order by b.deviations + b.work_incidents desc, b.unit_id
