-- by_reporter: one row per (reported_by, domain) of the period's deviations, nulls last.
with
{{selected_units}},
{{period_deviations}}
select
    reported_by,
    domain,
    count(*) as count,
    count(*) filter (where investigated_date is not null) as investigated,
    count(*) filter (where followed_up_date is not null) as followed_up
from period_deviations
where in_period
group by all
order by reported_by nulls last, domain
