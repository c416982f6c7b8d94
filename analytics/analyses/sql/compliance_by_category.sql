-- compliance_by_category: one row per (domain, category) with a deviation in the period.
with
{{selected_units}},
{{period_deviations}},
per_category as (
    select
        domain,
        category,
{{compliance_measures}}
    from period_deviations
    where in_period
    group by domain, category
)
select * from per_category
order by domain, category
