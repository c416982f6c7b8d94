-- grain: one row per unit and census month
-- The brukare each unit had each month (the census as delivered; a month without a row counts
-- as 0 brukare where a period's average is taken).
create table mart_brukare_months as
select
    unit_id,
    month,
    brukare,
    women,
    men
from census
