-- survey_results: for $year, one row per (question_id, unit_type, sex): unit_type 'all' sums
-- the selected unit types; sex 'alla', 'K', 'M' as delivered. A group with fewer than
-- $min_respondents respondents is too small to show: its positive and shares are null, and so
-- is previous_share when last year's group was too small.
with
{{survey_selected_results}},
rows_two_years as (
    select year, question_id, unit_type, sex, respondents, positive
    from selected_results
    where year in ($year, $previous_year)
),
grouped as (
    select
        year,
        question_id,
        case when grouping(unit_type) = 1 then 'all' else unit_type end as unit_type,
        grouping(unit_type) as is_all,
        sex,
        cast(sum(respondents) as bigint) as respondents,
        cast(sum(positive) as bigint) as positive
    from rows_two_years
    group by grouping sets ((year, question_id, sex), (year, question_id, unit_type, sex))
),
shown as (
    select
        *,
        respondents < $min_respondents as too_small,
        case when respondents >= $min_respondents then positive / respondents end as positive_share
    from grouped
)
select
    cur.question_id,
    cur.unit_type,
    cur.sex,
    cur.respondents,
    case when not cur.too_small then cur.positive end as positive,
    cur.positive_share,
    prev.positive_share as previous_share,
    (cur.positive_share - prev.positive_share) * 100 as change_pp,
    cur.too_small
from shown as cur
left join shown as prev
    on prev.year = $previous_year
   and prev.question_id = cur.question_id
   and prev.unit_type = cur.unit_type
   and prev.sex = cur.sex
where cur.year = $year
order by
    cur.question_id,
    cur.is_all desc,
    cur.unit_type,
    case cur.sex when 'alla' then 0 when 'K' then 1 else 2 end
