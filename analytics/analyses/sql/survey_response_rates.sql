-- survey_response_rates: for the survey year $year, one row 'all' (operator null) and one per
-- unit_type, or per (unit_type, operator) when $by_operator; flagged below the goal $goal.
with
{{survey_selected_participation}},
year_rows as (
    select
        unit_type,
        case when $by_operator then operator end as operator,
        invited,
        responded
    from selected_participation
    where year = $year
),
grouped as (
    select
        case when grouping(unit_type) = 1 then 'all' else unit_type end as unit_type,
        operator,
        grouping(unit_type) as is_all,
        cast(sum(invited) as bigint) as invited,
        cast(sum(responded) as bigint) as respondents
    from year_rows
    group by grouping sets ((), (unit_type, operator))
    having count(*) > 0
),
rated as (
    select *, case when invited > 0 then respondents / invited end as response_rate
    from grouped
)
select
    unit_type,
    operator,
    invited,
    respondents,
    response_rate,
    response_rate < $goal as below_goal
from rated
order by is_all desc, unit_type, operator nulls last
