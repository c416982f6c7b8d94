-- lex_cases: one row per report under $law in the period at a selected unit, newest first;
-- no free text.
with
{{selected_units}},
{{period_deviations}},
{{under_law}}
select
    l.deviation_id,
    l.reported_date,
    l.unit_id,
    su.unit_name,
    l.brukare_id,
    l.domain,
    l.category,
    l.lex_sarah_outcome,
    l.ivo_reported,
    l.investigated_date,
    l.followed_up_date
from under_law as l
join selected_units as su on su.unit_id = l.unit_id
where l.in_period
order by l.reported_date desc, l.deviation_id
