-- monthly_deviations: one row per (month, domain, category) for every calendar month of the
-- period and every (domain, category) with a deviation in the period; months without any
-- deviation of the pair have count 0.
with
{{selected_units}},
{{period_deviations}},
{{period_brukare}},
pairs as (
    select distinct domain, category
    from period_deviations
    where in_period
),
per_month as (
    select
        cast(date_trunc('month', reported_date) as date) as month,
        domain,
        category,
        count(*) as count
    from period_deviations
    where in_period
    group by all
)
select
    pm.month,
    p.domain,
    p.category,
    coalesce(c.count, 0) as count
from period_months as pm
cross join pairs as p
left join per_month as c
    on c.month = pm.month and c.domain = p.domain and c.category = p.category
order by pm.month, p.domain, p.category
