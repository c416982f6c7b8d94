-- egenkontroll_analyses: one row per check planned in the period with a written analysis
-- (free text), by planned date.
with
{{selected_units}},
{{selected_egenkontroll}}
select check_id, area, unit_id, unit_name, done_date, analysis
from selected_egenkontroll
where analysis is not null
order by planned_date, check_id
