"""A request for an official is recognised in any phrasing, and its question kept."""

import pytest

from bot.human_request import human_request


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("gặp cán bộ", ""),
        ("Em muốn gặp cán bộ xã", ""),
        ("muon hoi can bo", ""),
        ("Tôi muốn hỏi cán bộ về thủ tục tách thửa đất", "thủ tục tách thửa đất"),
        ("cho tôi hỏi cán bộ tư pháp: làm giấy khai sinh ở đâu", "làm giấy khai sinh ở đâu"),
        ("xin hỏi cán bộ xã là tôi bị đuổi việc có được bồi thường không",
         "tôi bị đuổi việc có được bồi thường không"),
    ],
)  # fmt: skip
def test_requests_for_an_official(text, question):
    assert human_request(text) == question


@pytest.mark.parametrize(
    "text", ["đăng ký tạm trú ở đâu", "cán bộ xã có quyền phạt không", "hỏi về ly hôn"]
)
def test_questions_about_officials_or_topics_are_not_requests(text):
    assert human_request(text) is None
