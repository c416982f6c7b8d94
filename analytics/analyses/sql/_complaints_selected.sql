-- selected_complaints: every complaint, of any date, that passes the organisation filters, with
-- its unit's type, operator and area. The free-text description is deliberately not carried.
-- A row naming a unit passes when that unit is in selected_units. A row with only an area
-- (no unit) goes to unit_type 'ovrigt' with operator null; it passes when no operator or unit
-- filter is active (a chef's scope is a unit filter), the unit_type filter is absent or holds
-- 'ovrigt', its area is in $areas (if given) and, when $administrations is given, some unit of
-- those administrations carries that area name.
administration_areas as (
    select distinct area
    from units
    where list_contains($administrations, administration)
),
selected_complaints as (
    select
        c.complaint_id,
        c.received_date,
        c.unit_id,
        su.unit_name,
        coalesce(su.area, c.area) as area,
        coalesce(su.unit_type, 'ovrigt') as unit_type,
        su.operator,
        c.kind,
        c.category,
        c.sender,
        c.confidential,
        c.answered_date
    from complaints as c
    left join selected_units as su on su.unit_id = c.unit_id
    where (c.unit_id is not null and su.unit_id is not null)
       or (c.unit_id is null
           and $operators is null
           and $unit_ids is null
           and ($unit_types is null or list_contains($unit_types, 'ovrigt'))
           and ($areas is null or list_contains($areas, c.area))
           and ($administrations is null or c.area in (select area from administration_areas)))
)
