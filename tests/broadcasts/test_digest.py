import datetime as dt

from broadcasts.digest import DIGEST_MORE, HeldItem, digest_message


def law(delivery_id: int) -> HeldItem:
    return HeldItem(delivery_id, "Luật Việc làm 2025", "74/2025/QH15", dt.date(2026, 1, 1), None)


def invitation(delivery_id: int) -> HeldItem:
    return HeldItem(delivery_id, "Mời tham gia cuộc thi: Luật Cư trú", None, None, None,
                    "quiz_invitation")  # fmt: skip


def test_news_alone_gets_no_quiz_button():
    message = digest_message([law(1)], more=False, first_page=True)

    assert "74/2025/QH15 · hiệu lực 01/01/2026" in message.text
    assert message.quick_replies == ()


def test_a_held_quiz_invitation_says_how_to_take_part_and_offers_the_quiz_button():
    message = digest_message([invitation(2), law(1)], more=True, first_page=True)

    assert "thi tìm hiểu pháp luật” để dự thi" in message.text.splitlines()[2]
    assert [reply.payload for reply in message.quick_replies] == ["QUIZ:start", DIGEST_MORE]
