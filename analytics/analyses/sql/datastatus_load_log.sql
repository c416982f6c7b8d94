-- datastatus_load_log: one row per file of every load, newest load first.
select
    load_id,
    loaded_at,
    source,
    file,
    table_name,
    sha256,
    rows,
    period_from,
    period_to,
    contract_version
from load_log
order by loaded_at desc, load_id desc, table_name
