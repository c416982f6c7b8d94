-- equality: one row per (subject, sex, age_group) of the period's deviations that name a
-- brukare: subject 'avvikelser' (all), 'fall' (hsl/fall) and 'hot_och_vald'. Age is the year of
-- $date_to minus the birth year; unknown sex or birth year as 'okand'.
with
{{selected_units}},
{{period_deviations}},
named as (
    select
        p.*,
        coalesce(b.sex, 'okand') as sex,
        case
            when b.birth_year is null then 'okand'
            when year($date_to) - b.birth_year < 20 then '0_19'
            when year($date_to) - b.birth_year < 65 then '20_64'
            when year($date_to) - b.birth_year < 80 then '65_79'
            else '80_'
        end as age_group
    from period_deviations as p
    left join brukare as b on b.brukare_id = p.brukare_id
    where p.in_period and p.brukare_id is not null
),
subjects as (
    select 'avvikelser' as subject, * from named
    union all
    select 'fall', * from named where is_fall
    union all
    select 'hot_och_vald', * from named where is_violence
)
select subject, sex, age_group, count(*) as count, count(distinct brukare_id) as brukare
from subjects
group by all
order by subject, sex, age_group
