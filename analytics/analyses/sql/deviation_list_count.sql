-- deviation_list_count: how many deviations deviation_list would list without its row limit
-- (same filters), for "the newest N of M".
with
{{selected_units}}
select count(*) as total
from mart_deviations as d
where d.reported_date between $date_from and $date_to
  and ($domains is null or list_contains($domains, d.domain))
  and ($categories is null or list_contains($categories, d.category))
  and d.unit_id in (select unit_id from selected_units)
