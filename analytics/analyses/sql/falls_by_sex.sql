-- falls_by_sex: one row: the distinct brukare with a fall in the period by their sex in the
-- brukare table (needs that table).
with
{{selected_units}},
{{period_deviations}},
fallers as (
    select distinct brukare_id
    from period_deviations
    where in_period and is_fall and brukare_id is not null
)
select
    count(*) filter (where b.sex = 'K') as women,
    count(*) filter (where b.sex = 'M') as men,
    count(*) filter (where b.sex is null) as unknown_sex
from fallers as fl
left join brukare as b
    on b.brukare_id = fl.brukare_id
