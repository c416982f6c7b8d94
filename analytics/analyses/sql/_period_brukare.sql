-- period_months: the calendar months overlapping [date_from, date_to].
-- period_census: the census rows of those months (census.month is always a first day, so the
-- months overlapping the period are those from the first day of date_from's month to date_to).
-- unit_brukare: one row per selected unit; brukare = sum of monthly census brukare over those
-- months / number of months (a month without a census row counts as 0), women and men likewise.
period_months as (
    select cast(m as date) as month
    from unnest(generate_series(date_trunc('month', cast($date_from as date)),
                                date_trunc('month', cast($date_to as date)),
                                interval 1 month)) as t(m)
),
period_census as (
    select c.unit_id, c.month, c.brukare, c.women, c.men
    from mart_brukare_months as c
    where c.month between date_trunc('month', cast($date_from as date)) and cast($date_to as date)
),
unit_brukare as (
    select
        su.unit_id,
        coalesce(sum(c.brukare), 0) / any_value(n.months) as brukare,
        coalesce(sum(c.women), 0) / any_value(n.months) as women,
        coalesce(sum(c.men), 0) / any_value(n.months) as men
    from selected_units as su
    cross join (select count(*) as months from period_months) as n
    left join period_census as c
        on c.unit_id = su.unit_id
    group by su.unit_id
)
