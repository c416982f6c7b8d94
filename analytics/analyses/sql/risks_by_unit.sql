-- risks_by_unit: one row per selected unit with a risk assessed in the period: risks per level.
with
{{selected_units}},
{{selected_risks}}
select
    unit_id,
    any_value(unit_name) as unit_name,
    count(*) as risks,
    count(*) filter (where level = 'lag') as lag,
    count(*) filter (where level = 'mattlig') as mattlig,
    count(*) filter (where level = 'allvarlig') as allvarlig
from selected_risks
where unit_id is not null
group by unit_id
order by unit_name
