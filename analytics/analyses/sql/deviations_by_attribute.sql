-- deviations_by_attribute: one row per (domain, category, value of the column named by
-- $attribute, lex_sarah) with a deviation in the period or the previous period. $attribute is
-- validated against analytics.deviations.ATTRIBUTES before binding.
with
{{selected_units}},
{{period_deviations}},
valued as (
    select
        *,
        case $attribute
            when 'subcategory' then subcategory
            when 'violence_role' then violence_role
            when 'reported_by' then reported_by
            when 'direction' then direction
            when 'lex_sarah_outcome' then lex_sarah_outcome
            when 'consequence' then consequence
            when 'cause' then cause
        end as value
    from period_deviations
)
select
    domain,
    category,
    value,
    lex_sarah,
    count(*) filter (where in_period) as count,
    count(*) filter (where in_previous) as previous_count,
    count(*) filter (where in_period and investigated_date is not null) as investigated,
    count(*) filter (where in_period and followed_up_date is not null) as followed_up
from valued
group by domain, category, value, lex_sarah
order by domain, category, value nulls last, lex_sarah
