from bot.messages import OutgoingMessage, QuickReply
from channels.zalo.outbound import CHOICE_HINT, TEXT_LIMIT, cs_bodies

CHOICES = (QuickReply("Hữu ích", "HELPFUL:x"), QuickReply("Chưa hữu ích", "NOT_HELPFUL:x"))


def test_a_short_reply_is_one_consultation_message():
    assert cs_bodies("u1", OutgoingMessage("Chào bạn")) == [
        {"recipient": {"user_id": "u1"}, "message": {"text": "Chào bạn"}}
    ]


def test_quick_replies_degrade_to_numbered_text_by_default():
    [body] = cs_bodies("u1", OutgoingMessage("Có hữu ích không?", CHOICES))
    assert (
        body["message"]["text"]
        == f"Có hữu ích không?\n\n1. Hữu ích\n2. Chưa hữu ích\n{CHOICE_HINT}"
    )
    assert "attachment" not in body["message"]


def test_buttons_when_enabled_send_back_the_choice_number():
    [body] = cs_bodies("u1", OutgoingMessage("Có hữu ích không?", CHOICES), buttons=True)
    assert body["message"]["text"] == "Có hữu ích không?"
    buttons = body["message"]["attachment"]["payload"]["buttons"]
    assert buttons == [
        {"title": "Hữu ích", "type": "oa.query.show", "payload": "1"},
        {"title": "Chưa hữu ích", "type": "oa.query.show", "payload": "2"},
    ]


def test_more_choices_than_buttons_fall_back_to_numbered_text():
    many = tuple(QuickReply(f"Chủ đề {n}", f"FIELD:{n}") for n in range(6))
    [body] = cs_bodies("u1", OutgoingMessage("Chọn", many), buttons=True)
    assert "6. Chủ đề 5" in body["message"]["text"]
    assert "attachment" not in body["message"]


def test_a_long_answer_is_split_under_the_limit_and_nothing_is_lost():
    sentence = "Bạn mang căn cước đến Công an cấp xã để đăng ký. "
    text = sentence * 100
    bodies = cs_bodies("u1", OutgoingMessage(text, CHOICES))
    assert len(bodies) > 1
    assert all(len(body["message"]["text"]) <= TEXT_LIMIT for body in bodies)
    joined = " ".join(body["message"]["text"] for body in bodies)
    assert joined.count("Công an cấp xã") == 100
    assert "2. Chưa hữu ích" in bodies[-1]["message"]["text"]
