"""The platform rules for an official's answer, per channel and time since the citizen
last wrote (platforms/facebook.md §3.2, platforms/zalo.md)."""

import datetime as dt

import pytest

from broadcasts.routing import Recipient
from handoff.delivery_rules import (
    MAX_ANSWER_CHARS,
    AnswerRoute,
    answer_bodies,
    answer_message,
    answer_problem,
    answer_route,
    reply_text,
)

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)


def ago(**delta) -> dt.datetime:
    return NOW - dt.timedelta(**delta)


@pytest.mark.parametrize(
    ("channel", "last", "human_agent", "paid", "expected"),
    [
        ("facebook", ago(hours=23), True, False, AnswerRoute.SEND),
        ("facebook", ago(hours=25), True, False, AnswerRoute.SEND_HUMAN_AGENT),
        ("facebook", ago(days=6, hours=23), True, False, AnswerRoute.SEND_HUMAN_AGENT),
        ("facebook", ago(hours=25), False, False, AnswerRoute.HOLD),
        ("facebook", ago(days=7, minutes=1), True, False, AnswerRoute.HOLD),
        ("facebook", None, True, False, AnswerRoute.HOLD),
        ("zalo", ago(hours=47), True, False, AnswerRoute.SEND),
        ("zalo", ago(hours=49), True, False, AnswerRoute.HOLD),
        ("zalo", ago(hours=49), True, True, AnswerRoute.SEND_PAID),
        ("zalo", ago(days=8), True, True, AnswerRoute.HOLD),
        ("simulator", None, False, False, AnswerRoute.SEND),
    ],
)
def test_the_route_follows_each_platforms_window(channel, last, human_agent, paid, expected):
    assert answer_route(Recipient(channel, last), NOW, human_agent, paid).route is expected


def test_a_citizen_who_blocked_the_page_is_not_sent_anything():
    decision = answer_route(Recipient("facebook", ago(hours=1), unreachable=True), NOW, True, True)
    assert decision.route is AnswerRoute.UNREACHABLE and not decision.sends_now


def test_the_reply_quotes_the_question_briefly_and_signs_the_answer():
    text = reply_text("Hỏi " + "rất dài " * 60, "  Nộp đơn tại UBND xã.  ", "Nguyễn Lan, UBND xã")
    first_line = text.splitlines()[0]
    assert first_line.endswith("…”") and len(first_line) < 220
    assert "\n\nNộp đơn tại UBND xã.\n\n— Nguyễn Lan, UBND xã\n" in text


def test_an_empty_or_overlong_answer_is_refused():
    assert answer_problem("   ") is not None
    assert answer_problem("x" * (MAX_ANSWER_CHARS + 1)) is not None
    assert answer_problem("Đủ nội dung.") is None


def test_only_the_human_agent_route_carries_the_tag():
    message = answer_message("Trả lời", 7)
    tagged = answer_bodies("facebook", "PSID", message, AnswerRoute.SEND_HUMAN_AGENT)
    plain = answer_bodies("facebook", "PSID", message, AnswerRoute.SEND)
    assert tagged[0]["tag"] == "HUMAN_AGENT" and tagged[0]["messaging_type"] == "MESSAGE_TAG"
    assert "tag" not in plain[0] and plain[0]["messaging_type"] == "RESPONSE"


def test_an_answer_asks_for_a_rating_of_that_answer():
    message = answer_message("Trả lời", 7)
    assert message.text.endswith("Câu trả lời có hữu ích với bạn không?")
    assert [reply.payload for reply in message.quick_replies] == [
        "ANSWER_HELPFUL:7",
        "ANSWER_NOT_HELPFUL:7",
    ]
    (zalo,) = answer_bodies("zalo", "Z1", message, AnswerRoute.SEND)
    assert "1. Hữu ích" in zalo["message"]["text"]  # Zalo shows the choices as numbers
