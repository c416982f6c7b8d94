-- period_months: the calendar months overlapping [date_from, date_to].
-- unit_brukare: one row per selected unit; brukare = sum of monthly census brukare over those
-- months / number of months (a month without a census row counts as 0), women and men likewise.
period_months as (
    select cast(m as date) as month
    from unnest(generate_series(date_trunc('month', cast($date_from as date)),
                                date_trunc('month', cast($date_to as date)),
                                interval 1 month)) as t(m)
),
unit_brukare as (
    select
        su.unit_id,
        coalesce(sum(c.brukare), 0) / (select count(*) from period_months) as brukare,
        coalesce(sum(c.women), 0) / (select count(*) from period_months) as women,
        coalesce(sum(c.men), 0) / (select count(*) from period_months) as men
    from selected_units as su
    left join census as c
        on c.unit_id = su.unit_id
       and c.month in (select month from period_months)
    group by su.unit_id
)
