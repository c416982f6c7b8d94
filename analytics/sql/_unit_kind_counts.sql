-- unit_kind_counts: one row per selected unit: its brukare in the period (census), whether it
-- is active (brukare > 0 in some census row of the period) and the period's deviations of each
-- kind. Needs selected_units, period_deviations and period_brukare before it.
unit_kind_counts as (
    select
        su.unit_id,
        su.unit_name,
        su.unit_type,
        su.operator,
        ub.brukare,
        ub.brukare > 0 as active,
        count(pd.deviation_id) filter (where pd.in_period) as deviations,
        count(pd.deviation_id) filter (where pd.in_period and pd.is_hsl_other) as hsl_other_count,
        count(pd.deviation_id) filter (where pd.in_period and pd.is_medication) as medication_count,
        count(pd.deviation_id) filter (where pd.in_period and pd.is_fall) as fall_count,
        count(pd.deviation_id) filter (where pd.in_period and pd.is_violence) as violence_count,
        count(pd.deviation_id) filter (where pd.in_period and pd.is_sol_lss) as sol_lss_count
    from selected_units as su
    join unit_brukare as ub
        on ub.unit_id = su.unit_id
    left join period_deviations as pd
        on pd.unit_id = su.unit_id
    group by su.unit_id, su.unit_name, su.unit_type, su.operator, ub.brukare
)
