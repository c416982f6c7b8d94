-- lex_by_outcome: one row per lex Sarah outcome present in the period (null as 'ej_bedomd'),
-- in the order of the code list $outcomes, then 'ej_bedomd'.
with
{{selected_units}},
{{period_deviations}},
outcomes as (
    select coalesce(lex_sarah_outcome, 'ej_bedomd') as outcome
    from period_deviations
    where in_period and lex_sarah
)
select outcome, count(*) as count
from outcomes
group by outcome
order by coalesce(list_position($outcomes, outcome), len($outcomes) + 1), outcome
