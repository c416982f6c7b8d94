-- survey_summary: key figure `survey.results` without the benchmark (joined in Python, as
-- survey_benchmarks is optional): per question asked in $year, one row 'all' (every selected
-- row with sex 'alla') and one per unit_type; positive_share = positive / respondents, and the
-- same for $previous_year (the latest earlier round) as previous_share; the respondents behind each share (for suppression).
with
{{survey_selected_results}},
everyone as (
    select year, question_id, unit_type, respondents, positive
    from selected_results
    where sex = 'alla'
      and year in ($year, $previous_year)
),
grouped as (
    select
        year,
        question_id,
        case when grouping(unit_type) = 1 then 'all' else unit_type end as unit_type,
        grouping(unit_type) as is_all,
        sum(respondents) as respondents,
        sum(positive) as positive
    from everyone
    group by grouping sets ((year, question_id), (year, question_id, unit_type))
),
shares as (
    select *, case when respondents > 0 then positive / respondents end as positive_share
    from grouped
)
select
    cur.question_id,
    cur.unit_type,
    cur.positive_share,
    prev.positive_share as previous_share,
    cast(cur.respondents as bigint) as respondents,
    cast(prev.respondents as bigint) as previous_respondents
from shares as cur
left join shares as prev
    on prev.year = $previous_year
   and prev.question_id = cur.question_id
   and prev.unit_type = cur.unit_type
where cur.year = $year
order by cur.question_id, cur.is_all desc, cur.unit_type
