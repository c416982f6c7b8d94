-- violence_concentration: one row: how many units hold half of the period's hot och våld
-- deviations, and how many brukare hold half of the utovare rows that name a brukare.
with
{{selected_units}},
{{period_deviations}},
{{violence_units}},
unit_running as (
    select rank, sum(count) over (order by rank) as running, sum(count) over () as total
    from violence_units
),
utovare_brukare as (
    select
        brukare_id,
        count(*) as count,
        row_number() over (order by count(*) desc, brukare_id) as rank
    from violence_rows
    where violence_role = 'utovare' and brukare_id is not null
    group by brukare_id
),
brukare_running as (
    select rank, sum(count) over (order by rank) as running, sum(count) over () as total
    from utovare_brukare
)
select
    (select count(*) from violence_units) as units,
    (select min(rank) from unit_running where running * 2 >= total) as units_for_half,
    (select count(*) from utovare_brukare) as utovare_brukare,
    (select cast(coalesce(sum(count), 0) as bigint) from utovare_brukare) as utovare_rows_with_brukare,
    (select min(rank) from brukare_running where running * 2 >= total) as utovare_brukare_for_half
