"""The question form read back from a question's own values: what an officer opens to
edit is what is stored, for either kind of question."""

import pytest
from werkzeug.datastructures import MultiDict

from console.quiz_form import question_form_values, question_from_form
from tests.quizzes.support import choice_question, true_false_question


@pytest.mark.parametrize("question", [choice_question(), true_false_question()])
def test_a_questions_form_values_read_back_as_the_same_question(question):
    assert question_from_form(MultiDict(question_form_values(question))) == (question, None)
