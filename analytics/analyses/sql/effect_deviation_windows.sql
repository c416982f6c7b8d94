-- effect_deviation_windows: one row per window ('fore', 'efter'): the census brukare-months and
-- the deviations of $kind ('all', 'fall', 'violence') reported at the selected units in the
-- window's calendar months [first_month, last_month].
with
{{selected_units}},
windows as (
    select 'fore' as window, cast($before_from as date) as first_month, cast($before_to as date) as last_month
    union all
    select 'efter', cast($after_from as date), cast($after_to as date)
),
exposure as (
    select
        w.window,
        count(distinct c.month) as months,
        cast(coalesce(sum(c.brukare), 0) as bigint) as exposure
    from windows as w
    left join census as c
        on c.month between w.first_month and w.last_month
       and c.unit_id in (select unit_id from selected_units)
    group by w.window
),
events as (
    select w.window, count(d.deviation_id) as events
    from windows as w
    left join mart_deviations as d
        on d.reported_date >= w.first_month
       and d.reported_date < w.last_month + interval 1 month
       and d.unit_id in (select unit_id from selected_units)
       and (
           $kind = 'all'
           or ($kind = 'fall' and d.is_fall)
           or ($kind = 'violence' and d.is_violence)
       )
    group by w.window
)
select
    w.window,
    w.first_month,
    w.last_month,
    x.months,
    cast(e.events as bigint) as events,
    x.exposure
from windows as w
join exposure as x on x.window = w.window
join events as e on e.window = w.window
order by w.window = 'efter', w.window
