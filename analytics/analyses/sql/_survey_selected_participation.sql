-- selected_participation: survey_participation rows passing the unit_type and operator
-- filters (a row without operator fails an operator filter). The survey is reported per unit
-- type and operator, so the administration, area and unit filters do not apply.
selected_participation as (
    select *
    from survey_participation
    where ($unit_types is null or list_contains($unit_types, unit_type))
      and ($operators is null or list_contains($operators, operator))
)
