-- selected_risks: one row per risk assessed in the period at a selected unit, or for a process
-- (no unit) when no organisation filter or unit scope narrows the view; riskvärde computed
-- when not given, level on SKR's scale (allvarlig from 9).
selected_risks as (
    select
        r.*,
        su.unit_name,
        coalesce(r.risk_value, r.probability * r.consequence) as value,
        case
            when coalesce(r.risk_value, r.probability * r.consequence) >= 9 then 'allvarlig'
            when coalesce(r.risk_value, r.probability * r.consequence) >= 4 then 'mattlig'
            else 'lag'
        end as level
    from risker as r
    left join selected_units as su
        on su.unit_id = r.unit_id
    where r.assessed_date between $date_from and $date_to
      and (su.unit_id is not null
           or (r.unit_id is null and $unit_ids is null and $administrations is null and $areas is null
               and $unit_types is null and $operators is null))
)
