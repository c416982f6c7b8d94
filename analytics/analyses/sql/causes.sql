-- causes: one row per (domain, cause) among the period's hsl, lss and sol deviations, a null
-- cause as 'ej_angiven'; sorted by domain, count descending, cause.
with
{{selected_units}},
{{period_deviations}}
select domain, coalesce(cause, 'ej_angiven') as cause, count(*) as count
from period_deviations
where in_period and domain in ('hsl', 'lss', 'sol')
group by all
order by domain, count desc, cause
