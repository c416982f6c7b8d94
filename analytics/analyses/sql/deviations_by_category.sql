-- deviations_by_category: one row per (domain, category) with a deviation in the period or the
-- previous period.
with
{{selected_units}},
{{period_deviations}},
per_category as (
    select
        domain,
        category,
        count(*) filter (where in_period) as count,
        count(*) filter (where in_previous) as previous_count,
        count(*) filter (where in_period and investigated_date is not null) as investigated,
        count(*) filter (where in_period and followed_up_date is not null) as followed_up,
        count(*) filter (where in_period and lex_sarah) as lex_sarah,
        count(*) filter (where in_previous and lex_sarah) as previous_lex_sarah,
        count(*) filter (where in_period and ivo_reported) as ivo_reported
    from period_deviations
    group by domain, category
)
select
    domain,
    category,
    count,
    previous_count,
    count - previous_count as change,
    case when previous_count > 0 then (count - previous_count) / previous_count end as change_share,
    investigated,
    followed_up,
    case when count > 0 then investigated / count end as investigated_share,
    case when count > 0 then followed_up / count end as followed_up_share,
    lex_sarah,
    previous_lex_sarah,
    ivo_reported
from per_category
order by domain, category
