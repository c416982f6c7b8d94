-- survey_rounds: one row per (year, question_id) of the selected survey_results (sex 'alla',
-- every selected unit type together), with the latest earlier round of the whole table and
-- that round's share for the question (null if the question was not asked then).
with
{{survey_selected_results}},
rounds as (
    select year, lag(year) over (order by year) as previous_year
    from (select distinct year from survey_results)
),
shares as (
    select
        year,
        question_id,
        cast(sum(respondents) as bigint) as respondents,
        case when sum(respondents) > 0 then sum(positive) / sum(respondents) end as positive_share
    from selected_results
    where sex = 'alla'
    group by year, question_id
)
select
    cur.year,
    cur.question_id,
    cur.respondents,
    cur.positive_share,
    r.previous_year,
    prev.respondents as previous_respondents,
    prev.positive_share as previous_share
from shares as cur
join rounds as r on r.year = cur.year
left join shares as prev on prev.year = r.previous_year and prev.question_id = cur.question_id
where cur.year <= $year
order by cur.question_id, cur.year
