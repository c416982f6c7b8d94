-- risk_list: one row per risk assessed in the period, highest riskvärde first.
with
{{selected_units}},
{{selected_risks}}
select
    risk_id, unit_id, unit_name, process, risk, probability, consequence, value, level, owner,
    assessed_date, internal_control
from selected_risks
order by value desc, risk_id
