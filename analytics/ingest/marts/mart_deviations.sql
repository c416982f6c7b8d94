-- grain: one row per deviation
-- The deviations with the report's kinds as flags (is_fall, is_medication, is_hsl_other,
-- is_violence, is_sol_lss) and the signing task kind each is matched with, all computed from
-- analytics/contract/kinds.py (the flags below are rendered from it; no kind is written here).
create table mart_deviations as
select
    d.*,
    {{kind_flags}}
from deviations as d
