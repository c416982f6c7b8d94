-- selected_egenkontroll: one row per egenkontroll planned in the period at a selected unit, or
-- förvaltning-wide (no unit) when no organisation filter or unit scope narrows the view.
selected_egenkontroll as (
    select e.*, su.unit_name
    from egenkontroll as e
    left join selected_units as su
        on su.unit_id = e.unit_id
    where e.planned_date between $date_from and $date_to
      and (su.unit_id is not null
           or (e.unit_id is null and $unit_ids is null and $administrations is null and $areas is null
               and $unit_types is null and $operators is null))
)
