-- egenkontroll_by_category: one row per category (area) with a check planned in the period:
-- plan against done, results, analyses and reports to the nämnd.
with
{{selected_units}},
{{selected_egenkontroll}}
select
    area,
    count(*) as planned,
    count(done_date) as done,
    count(checked) as with_result,
    count(analysis) as with_analysis,
    count(reported_date) as reported,
    cast(coalesce(sum(checked), 0) as bigint) as checked,
    cast(coalesce(sum(compliant), 0) as bigint) as compliant,
    sum(compliant) / nullif(sum(checked), 0) as compliant_share,
    count(done_date) / count(*) as done_share
from selected_egenkontroll
group by area
order by area
