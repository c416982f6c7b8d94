-- signing_measures: the select-list of the signing queries over signing_units, grouped.
        cast(sum(tasks) as bigint) as tasks,
        cast(sum(signed) as bigint) as signed,
        sum(signed) / sum(tasks) as signed_share,
        cast(sum(unsigned) as bigint) as unsigned,
        cast(sum(reported_deviations) as bigint) as reported_deviations
