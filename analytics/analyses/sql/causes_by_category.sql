-- causes_by_category: one row per (domain, category, cause, consequence) among the period's
-- hsl, lss and sol deviations, nulls as 'ej_angiven'.
with
{{selected_units}},
{{period_deviations}}
select
    domain,
    category,
    coalesce(cause, 'ej_angiven') as cause,
    coalesce(consequence, 'ej_angiven') as consequence,
    count(*) as count
from period_deviations
where in_period and domain in ('hsl', 'lss', 'sol')
group by all
order by domain, category, cause, consequence
