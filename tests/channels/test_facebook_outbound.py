from bot.messages import OutgoingMessage, QuickReply
from channels.facebook.outbound import TEXT_LIMIT, message_bodies, typing_on_body


def test_a_short_reply_is_one_response_with_its_quick_replies():
    message = OutgoingMessage("Xin chào!", (QuickReply("Hộ tịch", "FIELD:ho_tich"),))
    [body] = message_bodies("PSID", message)
    assert body == {
        "recipient": {"id": "PSID"},
        "messaging_type": "RESPONSE",
        "message": {
            "text": "Xin chào!",
            "quick_replies": [
                {"content_type": "text", "title": "Hộ tịch", "payload": "FIELD:ho_tich"}
            ],
        },
    }


def test_a_long_reply_is_split_at_sentences_with_quick_replies_on_the_last_part():
    text = "Câu này nói về thủ tục hành chính. " * 120
    bodies = message_bodies("PSID", OutgoingMessage(text, (QuickReply("Hữu ích", "HELPFUL:x"),)))
    assert len(bodies) >= 2
    assert all(len(b["message"]["text"]) <= TEXT_LIMIT for b in bodies)
    assert all(b["message"]["text"].endswith(".") for b in bodies)
    assert "quick_replies" in bodies[-1]["message"]
    assert all("quick_replies" not in b["message"] for b in bodies[:-1])


def test_too_many_choices_also_go_out_as_numbered_text():
    choices = tuple(QuickReply(f"Chủ đề {n}", f"FIELD:{n}") for n in range(15))
    [body] = message_bodies("PSID", OutgoingMessage("Chọn:", choices))
    assert len(body["message"]["quick_replies"]) == 13
    assert "15. Chủ đề 14" in body["message"]["text"]


def test_long_titles_are_shortened_and_listed_in_full():
    reply = QuickReply("Xác nhận tình trạng hôn nhân", "FAQ:x")
    [body] = message_bodies("PSID", OutgoingMessage("Chọn:", (reply,)))
    assert len(body["message"]["quick_replies"][0]["title"]) <= 20
    assert "1. Xác nhận tình trạng hôn nhân" in body["message"]["text"]


def test_broadcasts_go_as_update_and_never_carry_a_tag():
    [body] = message_bodies("PSID", OutgoingMessage("Luật mới"), messaging_type="UPDATE")
    assert body["messaging_type"] == "UPDATE"
    assert "tag" not in body


def test_typing_indicator_is_a_sender_action_alone():
    assert typing_on_body("PSID") == {"recipient": {"id": "PSID"}, "sender_action": "typing_on"}
