-- datastatus_org_options: one row per distinct (administration, area, unit_type, operator) of
-- the units table; the choices the sidebar filters offer.
select distinct
    administration,
    area,
    unit_type,
    operator
from units
order by administration, area, unit_type, operator
