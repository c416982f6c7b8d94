-- violence_by_subcategory: one row per (violence_role, subcategory) among the period's hot och
-- våld deviations, sorted by violence_role, subcategory (nulls last).
with
{{selected_units}},
{{period_deviations}},
{{violence_units}}
select
    violence_role,
    subcategory,
    count(*) as count
from violence_rows
group by violence_role, subcategory
order by violence_role nulls last, subcategory nulls last
