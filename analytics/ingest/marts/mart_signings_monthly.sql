-- grain: one row per unit, month, task_kind and status
-- The monthly signing rollup the pages read for the whole months of a period (the days of a
-- month only partly inside a period come from mart_signings_daily).
create table mart_signings_monthly as
with monthly as (
    select
        unit_id,
        cast(date_trunc('month', date) as date) as month,
        task_kind,
        status,
        cast(sum(tasks) as bigint) as tasks
    from mart_signings_daily
    group by unit_id, month, task_kind, status
)
select *
from monthly
order by month, unit_id, task_kind, status
