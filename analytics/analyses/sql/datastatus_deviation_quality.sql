-- datastatus_deviation_quality: one row per domain with deviations in the period at the selected
-- units: how many, how many in category "annat", how many not investigated or followed up.
with
{{selected_units}},
period_rows as (
    select d.domain, d.category, d.investigated_date, d.followed_up_date, d.brukare_id
    from mart_deviations as d
    join selected_units as su
        on su.unit_id = d.unit_id
    where d.reported_date between $date_from and $date_to
      and ($domains is null or list_contains($domains, d.domain))
      and ($categories is null or list_contains($categories, d.category))
)
select
    domain,
    count(*) as deviations,
    count(*) filter (where category = 'annat') as annat,
    count(*) filter (where category = 'annat') / count(*) as annat_share,
    count(*) filter (where investigated_date is null) as not_investigated,
    count(*) filter (where investigated_date is null) / count(*) as not_investigated_share,
    count(*) filter (where followed_up_date is null) as not_followed_up,
    count(*) filter (where followed_up_date is null) / count(*) as not_followed_up_share,
    count(*) filter (where brukare_id is null) as without_brukare
from period_rows
group by domain
order by domain
