-- survey_totals: one row for the survey year $year: invited, respondents, response rate.
with
{{survey_selected_participation}},
year_rows as (
    select invited, responded
    from selected_participation
    where year = $year
),
summed as (
    select cast(sum(invited) as bigint) as invited, cast(sum(responded) as bigint) as respondents
    from year_rows
)
select
    cast($year as bigint) as year,
    invited,
    respondents,
    case when invited > 0 then respondents / invited end as response_rate
from summed
