"""The quiz benchmark's participants: their webhooks are what Messenger posts and what
the quiz counts (checked through the channel adapter and through the server with the
scripted parser, Messenger faked with ``responses``), and its figures add up."""

import datetime as dt
import json
import math

import pytest
import responses

from bench.quiz import (
    create_open_quiz,
    quiz_figures,
    recorded,
    summary_lines,
    time_results,
    wait_until_settled,
)
from bench.quiz_events import (
    ANSWER,
    RESENT,
    START,
    QuestionPlan,
    chosen_option,
    expected_score,
    is_resent,
    participant_posts,
    plan_from_json,
    quiz_plan,
    types_answers,
    types_start,
)
from bench.webhook_load import closed_loop, signed
from bot.messages import MessageKind
from bot.payloads import QUIZ_START
from channels.facebook.inbound import messages_from_webhook
from channels.facebook.signature import SIGNATURE_HEADER, signature_is_valid
from quizzes.model import QuizStatus
from quizzes.rules import is_open, is_start_request, parse_answer
from server.database import Database
from server.services import services_of
from server.settings import Settings
from tests.server.support import (
    BASE_ENV,
    FACEBOOK_ENV,
    FACEBOOK_SEND_URL,
    ScriptedParser,
    assistant_factory,
    worker_of,
)

SECRET = FACEBOOK_ENV["FACEBOOK_APP_SECRET"]


@pytest.fixture
def stored_quiz(tmp_path):
    path = tmp_path / "bench.db"
    return path, create_open_quiz(path, 5)


def test_the_quiz_is_approved_by_a_second_officer_and_open_now(stored_quiz):
    path, quiz = stored_quiz
    assert quiz.status is QuizStatus.APPROVED
    assert (quiz.author, quiz.approved_by) == ("bench.author", "bench.approver")
    assert len(quiz.questions) == 5
    assert is_open(quiz, dt.datetime.now(dt.timezone.utc))
    assert quiz.everyone and not quiz.tie_break and not quiz.prize_rules


def test_the_plan_holds_the_buttons_messenger_shows_with_the_question_ids(stored_quiz):
    _, quiz = stored_quiz
    plan = quiz_plan(quiz)
    first, long_options = plan[0], plan[3]
    assert [title for title, _ in first.buttons] == ["A. 6 tuổi", "B. 14 tuổi", "C. 16 tuổi",
                                                     "D. 18 tuổi"]  # fmt: skip
    question_id = quiz.questions[0].id
    assert [payload for _, payload in first.buttons] == [
        f"QUIZ:a.{question_id}.{index}" for index in range(4)
    ]
    # Options longer than Messenger's 20-character titles go in the text, buttons "A"–"C".
    assert [title for title, _ in long_options.buttons] == ["A", "B", "C"]
    assert plan_from_json(json.loads(json.dumps([p.__dict__ for p in plan]))) == plan


def test_the_channel_adapter_reads_taps_as_quiz_choices_and_typed_text_as_text(stored_quiz):
    _, quiz = stored_quiz
    plan = quiz_plan(quiz)
    tapping, typing = 0, 3
    assert not types_start(tapping) and not types_answers(tapping)
    assert types_start(typing) and types_answers(typing)

    tapped = [messages_from_webhook(p.body) for p in participant_posts("t", tapping, plan, 1)]
    assert all(len(messages) == 1 for messages in tapped)
    start, *answers = (messages[0] for messages in tapped)
    assert (start.kind, start.payload) == (MessageKind.CHOICE, QUIZ_START)
    for position, (answer, question) in enumerate(zip(answers, plan, strict=True)):
        choice = chosen_option(tapping, position, question)
        assert answer.kind is MessageKind.CHOICE
        assert (answer.text, answer.payload) == question.buttons[choice]

    typed = [messages_from_webhook(p.body)[0] for p in participant_posts("t", typing, plan, 1)]
    assert typed[0].kind is MessageKind.TEXT and typed[0].payload is None
    assert is_start_request(typed[0].text)
    for position, (answer, question) in enumerate(zip(typed[1:], plan, strict=True)):
        assert answer.kind is MessageKind.TEXT
        assert parse_answer(answer.text, quiz.questions[position]) == chosen_option(
            typing, position, question
        )
    ids = [m.platform_message_id for m in [start, *answers, *typed]]
    assert len(set(ids)) == len(ids)


def test_posts_are_signed_over_the_exact_bytes():
    body = participant_posts("s", 0, [], 1)[0].body
    raw, headers = signed(body, SECRET)
    assert signature_is_valid(raw, headers[SIGNATURE_HEADER], SECRET)
    assert not signature_is_valid(raw + b" ", headers[SIGNATURE_HEADER], SECRET)


def test_wrong_choices_are_never_right_and_most_choices_are():
    question = QuestionPlan(1, 2, tuple((str(n), f"QUIZ:a.1.{n}") for n in range(4)))
    choices = [chosen_option(p, q, question) for p in range(100) for q in range(10)]
    assert 0.6 < choices.count(2) / len(choices) < 0.8
    assert set(choices) == {0, 1, 2, 3}
    scores = {expected_score(p, [question] * 10) for p in range(100)}
    assert len(scores) > 2  # the ranking has scores to order, and ties to break


def test_one_answer_in_a_hundred_is_resent():
    resent = [is_resent(p, q, 10, 100) for p in range(500) for q in range(10)]
    assert sum(resent) == 50
    assert not any(is_resent(p, q, 10, 0) for p in range(50) for q in range(10))


def test_the_closed_loop_runs_every_number_once_on_its_clients():
    results, seconds = closed_loop(25, 4, lambda number, session: [{"number": number}])
    assert sorted(r["number"] for r in results) == list(range(25))
    assert seconds >= 0


@pytest.fixture
def quiz_server(stored_quiz):
    path, quiz = stored_quiz
    settings = Settings.from_environ({"DATABASE_PATH": str(path), **BASE_ENV, **FACEBOOK_ENV})
    from app import create_app

    app = create_app(settings, assistant_factory(ScriptedParser()), start_background=False)
    services_of(app).holder.load()
    yield app, path, quiz
    services_of(app).worker.stop(timeout=2)


@responses.activate
def test_participants_webhooks_are_recorded_once_each_with_the_expected_scores(quiz_server):
    responses.post(FACEBOOK_SEND_URL, json={"recipient_id": "x", "message_id": "m_out"})
    app, path, quiz = quiz_server
    plan = quiz_plan(quiz)
    client = app.test_client()
    participants = range(8)  # tapping and typing, starting by button and by phrase
    resends = []
    for participant in participants:
        for item in participant_posts("p", participant, plan, 1_795_300_000_000, 7):
            raw, headers = signed(item.body, SECRET)
            assert client.post("/webhooks/facebook", data=raw, headers=headers).status_code == 200
            if item.resend:
                resends.append((raw, headers))
    assert resends
    for raw, headers in resends:
        assert client.post("/webhooks/facebook", data=raw, headers=headers).status_code == 200
    worker_of(app).process_due()

    database = Database(path)
    assert wait_until_settled(database, len(participants) * len(plan), timeout=1)
    stored = recorded(database, quiz.id)
    assert stored["answers"] == len(participants) * len(plan)
    assert stored["attempts"] == stored["finished"] == len(participants)
    scores = dict(database.db.execute("SELECT user_id, score FROM quiz_attempts").fetchall())
    assert scores == {f"p-{p}": expected_score(p, plan) for p in participants}
    assert stored["score_total"] == sum(scores.values())
    assert time_results(database, quiz) > 0


def load_record(kind: str, sent_at: float, ack_ms: float, status: int = 200) -> dict:
    return {"kind": kind, "sent_at": sent_at, "ack_ms": ack_ms, "status": status}


def test_the_figures_count_answers_apart_from_starts_and_resends():
    load = {
        "elapsed_s": 2.0,
        "results": [
            load_record(START, 100.0, 50.0),
            load_record(ANSWER, 100.1, 1.0),
            load_record(ANSWER, 100.2, 2.0),
            load_record(ANSWER, 100.3, 3.0),
            load_record(ANSWER, 100.4, 40.0, status=503),
            load_record(RESENT, 102.0, 90.0),
        ],
    }
    stored = {"answers": 4, "last_answered_at": 104.0, "attempts": 2, "finished": 2,
              "score_total": 3}  # fmt: skip
    figures = quiz_figures(2, 2, 4, load, stored, 0.01234, expected_scores=3)
    assert figures["answers"] == 3
    assert (figures["ack_p50_ms"], figures["ack_p99_ms"]) == (2.0, 3.0)
    assert figures["answers_per_s"] == 1.0  # 4 answers stored in the 4 s since the first post
    assert figures["posts_per_s"] == 2.0  # 4 of the 5 first posts acknowledged in 2 s
    assert figures["backlog_s"] == 2.0
    assert figures["refused_posts"] == 1
    assert figures["duplicated_webhooks"] == 1
    assert figures["recorded_answers"] == figures["expected_answers"] == 4
    assert figures["scores_as_expected"] is True
    assert figures["results_s"] == 0.012
    assert json.loads(json.dumps(figures, allow_nan=False)) == figures
    lines = summary_lines(figures)
    assert any("4 of 4" in line for line in lines)
    assert any("2.0 / 3.0" in line for line in lines)


def test_the_figures_stay_valid_json_when_nothing_was_acknowledged():
    load = {"elapsed_s": 0.0, "results": [load_record(ANSWER, 1.0, 5.0, status=0)]}
    stored = {"answers": 0, "last_answered_at": 0.0, "attempts": 0, "finished": 0,
              "score_total": 0}  # fmt: skip
    figures = quiz_figures(1, 1, 1, load, stored, 0.0, expected_scores=1)
    assert figures["ack_p50_ms"] is None and figures["answers_per_s"] is None
    assert figures["scores_as_expected"] is False
    assert not math.isnan(figures["results_s"])
    json.dumps(figures, allow_nan=False)
