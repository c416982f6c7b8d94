-- series_deviations: one row per span of $span_months months (12: years, 6: half-years) from
-- the span of the first deviation in the database up to the span of $date_to; each counts
-- its first to its last day, the last one only up to $date_to. The organisation, scope,
-- domain and category filters apply.
with
{{selected_units}},
first_day as (
    -- an earlier date is a typing error in the source: the series starts in $earliest's year
    select greatest(min(reported_date), $earliest) as day from mart_deviations
),
starts as (
    select cast(s as date) as span_from
    from first_day,
        generate_series(
            make_date(year(day), ((month(day) - 1) // $span_months) * $span_months + 1, 1),
            make_date(year($date_to), ((month($date_to) - 1) // $span_months) * $span_months + 1, 1),
            to_months($span_months)
        ) as t(s)
    where day is not null and day <= $date_to
),
spans as (
    select span_from, least(cast(span_from + to_months($span_months) - interval 1 day as date), $date_to) as span_to
    from starts
),
chosen as (
    select d.*
    from mart_deviations as d
    join selected_units as su on su.unit_id = d.unit_id
    where d.reported_date <= $date_to
      and ($domains is null or list_contains($domains, d.domain))
      and ($categories is null or list_contains($categories, d.category))
)
select
    s.span_from,
    s.span_to,
    count(d.deviation_id) filter (where d.domain = 'hsl') as hsl,
    count(d.deviation_id) filter (where d.domain = 'lss') as lss,
    count(d.deviation_id) filter (where d.domain = 'sol') as sol,
    count(d.deviation_id) filter (where d.domain = 'vardsamverkan') as vardsamverkan,
    count(d.deviation_id) filter (where d.domain = 'organisatorisk') as organisatorisk,
    count(d.deviation_id) filter (where d.lex_sarah) as lex_sarah,
    count(d.deviation_id) filter (where d.lex_maria) as lex_maria,
    count(d.deviation_id) filter (where d.ivo_reported) as ivo_reported,
    -- the report's kinds: mart_deviations' flags (analytics/contract/kinds.py)
    count(d.deviation_id) filter (where d.is_fall) as falls,
    count(d.deviation_id) filter (where d.is_violence) as violence,
    count(d.deviation_id) filter (where d.is_medication) as medication
from spans as s
left join chosen as d on d.reported_date between s.span_from and s.span_to
group by s.span_from, s.span_to
order by s.span_from
