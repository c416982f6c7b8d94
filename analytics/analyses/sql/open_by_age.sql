-- open_by_age: one row per (domain, age_bucket) for the period's deviations not followed up by
-- the period end; age = days from reported_date to date_to.
with
{{selected_units}},
{{period_deviations}},
open_deviations as (
    select
        domain,
        cast($date_to as date) - reported_date as age_days
    from period_deviations
    where in_period
      and (followed_up_date is null or followed_up_date > $date_to)
),
bucketed as (
    select
        domain,
        case
            when age_days <= 30 then '0_30'
            when age_days <= 90 then '31_90'
            when age_days <= 180 then '91_180'
            else 'over_180'
        end as age_bucket,
        case
            when age_days <= 30 then 1
            when age_days <= 90 then 2
            when age_days <= 180 then 3
            else 4
        end as bucket_order
    from open_deviations
)
select
    domain,
    age_bucket,
    count(*) as count
from bucketed
group by domain, age_bucket, bucket_order
order by domain, bucket_order
