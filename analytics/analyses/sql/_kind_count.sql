-- kind_count: the count column of unit_kind_counts chosen by $kind (validated against
-- analytics.deviations.KINDS before binding).
case $kind
    when 'all' then deviations
    when 'hsl_other' then hsl_other_count
    when 'medication' then medication_count
    when 'fall' then fall_count
    when 'violence' then violence_count
    when 'sol_lss' then sol_lss_count
end
