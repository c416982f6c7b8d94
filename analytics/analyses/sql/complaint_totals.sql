-- complaint_totals: one row: complaints received in the period, in the previous period, and the
-- period's confidential ones (counted only).
with
{{selected_units}},
{{complaints_selected}}
select
    count(*) filter (where received_date between $date_from and $date_to) as count,
    count(*) filter (where received_date between $prev_from and $prev_to) as previous_count,
    count(*) filter (where received_date between $date_from and $date_to and confidential) as confidential
from selected_complaints
