-- spc_complaints_monthly: one row per calendar month of the period: the complaints received
-- that month (0 for a quiet month), organisation filters and scope as selected_complaints.
with
{{selected_units}},
{{complaints_selected}},
{{period_brukare}}
select
    pm.month,
    count(c.complaint_id) as count
from period_months as pm
left join selected_complaints as c
    on cast(date_trunc('month', c.received_date) as date) = pm.month
    and c.received_date between $date_from and $date_to
group by pm.month
order by pm.month
