-- datastatus_last_loads: one row per table, the time it was last loaded.
select
    table_name,
    max(loaded_at) as last_loaded_at
from load_log
group by table_name
