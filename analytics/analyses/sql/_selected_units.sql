-- selected_units: one row per unit passing the organisation filters and the viewer's scope.
selected_units as (
    select *
    from units
    where ($administrations is null or list_contains($administrations, administration))
      and ($areas is null or list_contains($areas, area))
      and ($unit_types is null or list_contains($unit_types, unit_type))
      and ($operators is null or list_contains($operators, operator))
      and ($unit_ids is null or list_contains($unit_ids, unit_id))
)
