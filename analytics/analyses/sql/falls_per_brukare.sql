-- falls_per_brukare: one row per bucket 1, 2, 3, 4, 5+: the number of brukare with that many
-- falls in the period (over all selected units together).
with
{{selected_units}},
{{period_deviations}},
per_brukare as (
    select brukare_id, count(*) as falls
    from period_deviations
    where in_period and is_fall and brukare_id is not null
    group by brukare_id
),
buckets as (
    select * from (values ('1', 1), ('2', 2), ('3', 3), ('4', 4), ('5+', 5)) as t(falls, bucket_order)
)
select
    b.falls,
    count(pb.brukare_id) as brukare
from buckets as b
left join per_brukare as pb
    on least(pb.falls, 5) = b.bucket_order
group by b.falls, b.bucket_order
order by b.bucket_order
