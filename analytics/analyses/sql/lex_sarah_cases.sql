-- lex_sarah_cases: one row per deviation reported under lex Sarah in the period at a selected
-- unit, newest first; no brukare and no description.
with
{{selected_units}}
select
    d.deviation_id,
    d.reported_date,
    d.unit_id,
    su.unit_name,
    su.unit_type,
    d.lex_sarah_outcome,
    d.ivo_reported
from deviations as d
join selected_units as su
    on su.unit_id = d.unit_id
where d.lex_sarah
  and d.reported_date between $date_from and $date_to
order by d.reported_date desc, d.deviation_id
