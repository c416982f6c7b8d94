-- series_complaints: the selected complaints received in each span (the spans of
-- series_deviations, given as the lists span_froms and span_tos of the same length).
with
{{selected_units}},
{{complaints_selected}},
spans as (
    select unnest($span_froms) as span_from, unnest($span_tos) as span_to
)
select s.span_from, count(c.complaint_id) as complaints
from spans as s
left join selected_complaints as c on c.received_date between s.span_from and s.span_to
group by s.span_from
order by s.span_from
