-- egenkontroll_list: one row per check planned in the period (selected units, or
-- förvaltning-wide), by planned date. No analysis text.
with
{{selected_units}},
{{selected_egenkontroll}}
select
    check_id, area, unit_id, unit_name, subject, planned_date, done_date, checked, compliant,
    compliant / nullif(checked, 0) as compliant_share, reported_date
from selected_egenkontroll
order by planned_date, check_id
