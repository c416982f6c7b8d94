-- period_deviations: one row per deviation at a selected unit, reported in the previous period
-- or the period, that passes the domain and category filters. Flags say which period the row
-- belongs to; the kind flags come from mart_deviations (analytics/contract/kinds.py).
period_deviations as (
    select
        d.deviation_id,
        d.reported_date,
        d.unit_id,
        d.brukare_id,
        d.domain,
        d.category,
        d.subcategory,
        d.violence_role,
        d.reported_by,
        d.direction,
        d.lex_sarah,
        d.lex_sarah_outcome,
        d.lex_maria,
        d.ivo_reported,
        d.consequence,
        d.cause,
        d.investigated_date,
        d.followed_up_date,
        su.unit_type,
        su.operator,
        d.reported_date between $date_from and $date_to as in_period,
        d.reported_date between $prev_from and $prev_to as in_previous,
        d.is_hsl_other,
        d.is_medication,
        d.is_fall,
        d.is_violence,
        d.is_sol_lss
    from mart_deviations as d
    join selected_units as su
        on su.unit_id = d.unit_id
    where (d.reported_date between $prev_from and $prev_to
           or d.reported_date between $date_from and $date_to)
      and ($domains is null or list_contains($domains, d.domain))
      and ($categories is null or list_contains($categories, d.category))
)
