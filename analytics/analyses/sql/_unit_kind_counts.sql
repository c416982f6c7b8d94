-- unit_kind_counts: one row per selected unit: its brukare in the period (census), whether it
-- is active (brukare > 0 in some census row of the period) and the period's deviations of each
-- kind. Needs selected_units, period_deviations and period_brukare before it. The deviations
-- are counted per unit_id first and joined after: grouping ~10^5 rows by one key, not by the
-- unit's text columns, is what keeps the per-unit and per-type rates fast.
unit_deviation_counts as (
    select
        unit_id,
        count(*) filter (where in_period) as deviations,
        count(*) filter (where in_period and is_hsl_other) as hsl_other_count,
        count(*) filter (where in_period and is_medication) as medication_count,
        count(*) filter (where in_period and is_fall) as fall_count,
        count(*) filter (where in_period and is_violence) as violence_count,
        count(*) filter (where in_period and is_sol_lss) as sol_lss_count
    from period_deviations
    group by unit_id
),
unit_kind_counts as (
    select
        su.unit_id,
        su.unit_name,
        su.unit_type,
        su.operator,
        ub.brukare,
        ub.brukare > 0 as active,
        coalesce(dc.deviations, 0) as deviations,
        coalesce(dc.hsl_other_count, 0) as hsl_other_count,
        coalesce(dc.medication_count, 0) as medication_count,
        coalesce(dc.fall_count, 0) as fall_count,
        coalesce(dc.violence_count, 0) as violence_count,
        coalesce(dc.sol_lss_count, 0) as sol_lss_count
    from selected_units as su
    join unit_brukare as ub
        on ub.unit_id = su.unit_id
    left join unit_deviation_counts as dc
        on dc.unit_id = su.unit_id
)
