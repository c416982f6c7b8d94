-- under_law: the period_deviations rows reported under the law $law ('lex_sarah' or
-- 'lex_maria', validated before binding).
under_law as (
    select *
    from period_deviations
    where case $law when 'lex_sarah' then lex_sarah when 'lex_maria' then lex_maria else false end
)
