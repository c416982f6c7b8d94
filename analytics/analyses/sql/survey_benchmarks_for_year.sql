-- survey_benchmarks_for_year: one row per (question_id, unit_type) benchmark of $year; the row
-- without unit_type (all types) as unit_type 'all'.
with
year_benchmarks as (
    select question_id, coalesce(unit_type, 'all') as unit_type, positive_share, source
    from survey_benchmarks
    where year = $year
)
select question_id, unit_type, positive_share as benchmark, source
from year_benchmarks
order by question_id, unit_type = 'all' desc, unit_type
