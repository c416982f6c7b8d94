-- compliance_by_domain: one row per domain with a deviation in the period.
with
{{selected_units}},
{{period_deviations}},
per_domain as (
    select
        domain,
{{compliance_measures}}
    from period_deviations
    where in_period
    group by domain
)
select * from per_domain
order by domain
