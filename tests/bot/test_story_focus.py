"""A long story is also read by its question sentences; the clearest reading wins."""

from bot.interpretation import Interpretation
from bot.story_focus import best_reading, focus_candidates, whole_reading_is_clear

STORY = (
    "Xin chào cán bộ, nhà tôi có việc gia đình rối quá, mấy hôm nay cả nhà bàn mãi chưa ra. "
    "Công ty không ký hợp đồng lao động với người mới làm 2 tháng thì có được không? "
    "Xin cảm ơn cán bộ."
)


def test_a_short_question_is_read_whole():
    assert focus_candidates("đăng ký tạm trú ở đâu") == ["đăng ký tạm trú ở đâu"]


def test_a_long_story_is_also_read_by_its_question_sentence():
    assert focus_candidates(STORY) == [
        STORY,
        "Công ty không ký hợp đồng lao động với người mới làm 2 tháng thì có được không?",
    ]


def test_without_a_question_mark_cue_words_find_the_question():
    story = (
        "Bố tôi mất năm ngoái để lại mảnh đất ở quê, mấy anh em đang bàn chia nhau. "
        "Con riêng của mẹ kế có được hưởng thừa kế không ạ"
    )
    assert focus_candidates(story)[1:] == ["Con riêng của mẹ kế có được hưởng thừa kế không ạ"]


def test_the_reading_with_the_clearest_evidence_for_an_entry_is_kept():
    whole = Interpretation("out_of_scope", 0.6)
    focused = Interpretation("faq", 0.9, "hop_dong_lao_dong", 0.8, (("hop_dong_lao_dong", 0.8),))
    assert best_reading([whole, focused]) is focused
    assert best_reading([focused, Interpretation("faq", 0.9, "x", 0.8)]) is focused


def test_a_whole_message_repeating_an_entry_closely_needs_no_sentence_reading():
    close = Interpretation("faq", 0.9, lexical_ranking=(("hop_dong_lao_dong", 0.8),))
    vague = Interpretation("faq", 0.9, lexical_ranking=(("hop_dong_lao_dong", 0.3),))
    off_topic = Interpretation("out_of_scope", 0.9, lexical_ranking=(("out_of_scope", 0.9),))
    assert whole_reading_is_clear(close)
    assert not whole_reading_is_clear(vague)
    assert not whole_reading_is_clear(off_topic)
