-- cause_missing: one row per domain (hsl, lss, sol) with a deviation in the period: how many
-- give no cause.
with
{{selected_units}},
{{period_deviations}}
select
    domain,
    count(*) as count,
    count(*) filter (where cause is null) as without_cause,
    count(*) filter (where cause is null) / count(*) as without_cause_share
from period_deviations
where in_period and domain in ('hsl', 'lss', 'sol')
group by domain
order by domain
