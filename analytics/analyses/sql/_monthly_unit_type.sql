-- monthly_unit_type: one row per (month, unit_type) for every calendar month of the period and
-- every unit type of the selected units with census brukare or a deviation in the period:
-- that month's census brukare and that month's deviations by kind.
-- Needs selected_units, period_deviations and period_brukare before it.
month_census as (
    select c.month, su.unit_type, sum(c.brukare) as brukare
    from period_census as c
    join selected_units as su
        on su.unit_id = c.unit_id
    group by c.month, su.unit_type
),
month_deviations as (
    select
        cast(date_trunc('month', reported_date) as date) as month,
        unit_type,
        count(*) as deviations,
        count(*) filter (where is_hsl_other) as hsl_other_count,
        count(*) filter (where is_medication) as medication_count,
        count(*) filter (where is_fall) as fall_count,
        count(*) filter (where is_violence) as violence_count,
        count(*) filter (where is_sol_lss) as sol_lss_count
    from period_deviations
    where in_period
    group by all
),
month_types as (
    select unit_type from month_census where brukare > 0
    union
    select unit_type from month_deviations
),
monthly_unit_type as (
    select
        pm.month,
        t.unit_type,
        cast(coalesce(mc.brukare, 0) as bigint) as brukare,
        coalesce(md.deviations, 0) as deviations,
        coalesce(md.hsl_other_count, 0) as hsl_other_count,
        coalesce(md.medication_count, 0) as medication_count,
        coalesce(md.fall_count, 0) as fall_count,
        coalesce(md.violence_count, 0) as violence_count,
        coalesce(md.sol_lss_count, 0) as sol_lss_count
    from period_months as pm
    cross join month_types as t
    left join month_census as mc
        on mc.month = pm.month and mc.unit_type = t.unit_type
    left join month_deviations as md
        on md.month = pm.month and md.unit_type = t.unit_type
)
