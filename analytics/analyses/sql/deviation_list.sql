-- deviation_list: the newest deviations reported in the period at a selected unit, with their
-- brukare and free-text description (the lowest level of the drill-down); newest first, at most
-- $limit rows (null: all). DuckDB takes the top rows without sorting the whole period.
with
{{selected_units}}
select
    d.deviation_id,
    d.reported_date,
    d.unit_id,
    su.unit_name,
    su.unit_type,
    su.operator,
    d.brukare_id,
    d.domain,
    d.category,
    d.subcategory,
    d.description
from mart_deviations as d
join selected_units as su
    on su.unit_id = d.unit_id
where d.reported_date between $date_from and $date_to
  and ($domains is null or list_contains($domains, d.domain))
  and ($categories is null or list_contains($categories, d.category))
order by d.reported_date desc, d.deviation_id
limit $limit
