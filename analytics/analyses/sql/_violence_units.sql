-- violence_rows: the period's hot och våld deviations (domains lss and sol).
-- violence_units: one row per unit with such rows, ranked by count descending then unit_id.
violence_rows as (
    select unit_id, brukare_id, subcategory, violence_role
    from period_deviations
    where in_period and is_violence
),
violence_units as (
    select
        unit_id,
        count(*) as count,
        row_number() over (order by count(*) desc, unit_id) as rank
    from violence_rows
    group by unit_id
)
