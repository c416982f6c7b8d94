-- falls_summary: one row: the period's hsl/fall deviations, the distinct brukare who fell, and
-- the census (brukare, women, men) of the selected units for the same period.
with
{{selected_units}},
{{period_deviations}},
{{period_brukare}},
falls as (
    select brukare_id
    from period_deviations
    where in_period and is_fall
),
census_totals as (
    select
        sum(ub.brukare) as brukare,
        sum(ub.women) as women,
        sum(ub.men) as men,
        -- the sex split is unknown (null) when no census row of the period gives it
        (select count(c.women) + count(c.men)
         from period_census as c
         join selected_units as su
             on su.unit_id = c.unit_id) > 0 as sex_known
    from unit_brukare as ub
)
select
    (select count(*) from falls) as deviations,
    (select count(distinct brukare_id) from falls) as brukare,
    (select count(*) from falls where brukare_id is null) as without_brukare,
    ct.brukare as census_brukare,
    case when ct.sex_known then ct.women end as census_women,
    case when ct.sex_known then ct.men end as census_men,
    case when ct.sex_known and ct.brukare > 0 then ct.women / ct.brukare end as census_women_share,
    case when ct.sex_known and ct.brukare > 0 then ct.men / ct.brukare end as census_men_share
from census_totals as ct
