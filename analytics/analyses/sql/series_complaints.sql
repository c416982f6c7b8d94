-- series_complaints: the selected complaints received in each span [$span_from_list[i],
-- $span_to_list[i]] (the spans of series_deviations).
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
