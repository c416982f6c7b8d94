-- risk_matrix: one row per cell of the 4 x 4 matrix (probability, consequence), every cell,
-- with the number of risks assessed in the period.
with
{{selected_units}},
{{selected_risks}},
cells as (
    select p as probability, c as consequence
    from range(1, 5) as tp(p) cross join range(1, 5) as tc(c)
)
select
    cast(cells.probability as bigint) as probability,
    cast(cells.consequence as bigint) as consequence,
    cast(cells.probability * cells.consequence as bigint) as value,
    count(r.risk_id) as risks
from cells
left join selected_risks as r
    on r.probability = cells.probability and r.consequence = cells.consequence
group by all
order by probability desc, consequence
