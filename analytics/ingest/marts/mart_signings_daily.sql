-- grain: one row per unit, day, task_kind and status
-- MCSS signings summed per day: event rows (one per signing) and pre-aggregated rows (count)
-- add up alike. Sorted by date, so a period's first and last days are read without a full scan.
create table mart_signings_daily as
with daily as (
    select
        unit_id,
        date,
        task_kind,
        status,
        cast(sum(count) as bigint) as tasks
    from signings
    group by unit_id, date, task_kind, status
)
select *
from daily
order by date, unit_id, task_kind, status
