-- egenkontroll_by_unit: one row per selected unit with a check planned in the period.
with
{{selected_units}},
{{selected_egenkontroll}}
select
    unit_id,
    any_value(unit_name) as unit_name,
    count(*) as planned,
    count(done_date) as done,
    count(checked) as with_result,
    cast(coalesce(sum(checked), 0) as bigint) as checked,
    cast(coalesce(sum(compliant), 0) as bigint) as compliant,
    sum(compliant) / nullif(sum(checked), 0) as compliant_share
from selected_egenkontroll
where unit_id is not null
group by unit_id
order by unit_name
