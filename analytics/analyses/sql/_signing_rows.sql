-- signing_rows: the signings dated in [date_from, date_to], read from the marts, never from the
-- events: the months wholly inside the period from mart_signings_monthly, the days of a month
-- only partly inside it from mart_signings_daily. One row per unit, month (first day),
-- task_kind and status, with tasks = the signings it stands for.
-- first_full: the first day of the first whole month; last_full_end: the last day of the last
-- whole month (first_full > last_full_end when the period holds no whole month).
signing_rows as (
    select unit_id, month, task_kind, status, tasks
    from mart_signings_monthly
    where month >= case when day(cast($date_from as date)) = 1 then cast($date_from as date)
                        else cast(date_trunc('month', cast($date_from as date)) + interval 1 month as date) end
      and month <= case when cast($date_to as date) = last_day(cast($date_to as date)) then cast($date_to as date)
                        else cast(date_trunc('month', cast($date_to as date)) - interval 1 day as date) end
    union all
    select unit_id, cast(date_trunc('month', date) as date) as month, task_kind, status, tasks
    from mart_signings_daily
    where date between cast($date_from as date) and least(
            cast($date_to as date),
            case when day(cast($date_from as date)) = 1 then cast($date_from as date)
                 else cast(date_trunc('month', cast($date_from as date)) + interval 1 month as date) end - 1)
       or date between greatest(
            cast($date_from as date),
            case when day(cast($date_from as date)) = 1 then cast($date_from as date)
                 else cast(date_trunc('month', cast($date_from as date)) + interval 1 month as date) end,
            case when cast($date_to as date) = last_day(cast($date_to as date)) then cast($date_to as date)
                 else cast(date_trunc('month', cast($date_to as date)) - interval 1 day as date) end + 1)
          and cast($date_to as date)
)
