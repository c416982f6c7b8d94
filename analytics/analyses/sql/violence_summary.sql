-- violence_summary: one row: the period's hot och våld deviations, their share of all lss and
-- sol deviations, splits by role, and the concentration in the $top_n units with most rows.
with
{{selected_units}},
{{period_deviations}},
{{violence_units}},
totals as (
    select
        count(*) as deviations,
        count(*) filter (where violence_role = 'utovare') as utovare,
        count(*) filter (where violence_role = 'utsatt') as utsatt,
        count(*) filter (where violence_role is null) as without_role,
        count(*) filter (where subcategory = 'personal_mot_brukare') as personal_mot_brukare
    from violence_rows
),
top_units as (
    select unit_id, count
    from violence_units
    where rank <= $top_n
)
select
    t.deviations,
    (select count(*) from period_deviations where in_period and is_sol_lss) as sol_lss_deviations,
    t.utovare,
    t.utsatt,
    t.without_role,
    t.personal_mot_brukare,
    (select count(*) from violence_units) as units,
    (select cast(coalesce(sum(count), 0) as bigint) from top_units) as top_count,
    (select count(distinct vr.brukare_id)
     from violence_rows as vr
     join top_units as tu
         on tu.unit_id = vr.unit_id
     where vr.violence_role = 'utovare') as top_brukare
from totals as t
