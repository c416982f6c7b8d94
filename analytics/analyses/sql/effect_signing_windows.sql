-- effect_signing_windows: one row per window ('fore', 'efter'): the planned signing tasks
-- (exposure) and the unsigned ones (events, status ej_signerad) at the selected units in the
-- window's calendar months [first_month, last_month], from the monthly signing mart (the
-- windows are whole months, so no event row is read).
with
{{selected_units}},
windows as (
    select 'fore' as window, cast($before_from as date) as first_month, cast($before_to as date) as last_month
    union all
    select 'efter', cast($after_from as date), cast($after_to as date)
),
tasks as (
    select
        w.window,
        count(distinct s.month) as months,
        cast(coalesce(sum(s.tasks), 0) as bigint) as exposure,
        cast(coalesce(sum(s.tasks) filter (where s.status = 'ej_signerad'), 0) as bigint) as events
    from windows as w
    left join mart_signings_monthly as s
        on s.month between w.first_month and w.last_month
       and s.unit_id in (select unit_id from selected_units)
    group by w.window
)
select w.window, w.first_month, w.last_month, t.months, t.events, t.exposure
from windows as w
join tasks as t on t.window = w.window
order by w.window = 'efter', w.window
