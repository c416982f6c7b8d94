-- compliance_measures: the select-list of the compliance queries, over the period's rows
-- (period_deviations filtered on in_period). Days are counted from reported_date.
        count(*) as count,
        count(investigated_date) as investigated,
        count(investigated_date) / count(*) as investigated_share,
        count(followed_up_date) as followed_up,
        count(followed_up_date) / count(*) as followed_up_share,
        median(investigated_date - reported_date) as median_days_to_investigation,
        median(followed_up_date - reported_date) as median_days_to_follow_up
