-- survey_question_texts: one row per question: its text and whether a high share is bad.
with
questions as (
    select question_id, text, coalesce(negative, false) as negative
    from survey_questions
)
select question_id, text, negative
from questions
order by question_id
