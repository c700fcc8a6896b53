"""Pure rewrites of a question into the other ways citizens type it.

The real questions in the evaluation sets are edited text with diacritics; citizens also
type without diacritics, in chat slang and as long stories. Deriving those forms from the
same questions measures each way of typing on the same content.
"""

from __future__ import annotations

import re

from bot.text_normalization import fold_diacritics

FORMS = ("diacritics", "plain", "slang", "story")

# Longest first, so "không được" becomes "ko đc" rather than "ko được".
_SLANG = (
    ("như thế nào", "ntn"),
    ("công ty", "cty"),
    ("hợp đồng lao động", "hđlđ"),
    ("bảo hiểm xã hội", "bhxh"),
    ("bảo hiểm y tế", "bhyt"),
    ("căn cước công dân", "cccd"),
    ("giấy phép lái xe", "gplx"),
    ("đăng ký", "đk"),
    ("không", "ko"),
    ("được", "đc"),
    ("mới", "ms"),
    ("làm", "lm"),
    ("với", "vs"),
    ("gì", "j"),
    ("rồi", "r"),
    ("biết", "bít"),
    ("muốn", "mún"),
)
_WORD_EDGE = r"(?<![\wÀ-ỹ])"


def slang(text: str) -> str:
    """Chat slang: common abbreviations, lower case, no final punctuation."""
    result = text.lower()
    for phrase, short in _SLANG:
        result = re.sub(_WORD_EDGE + re.escape(phrase) + r"(?![\wÀ-ỹ])", short, result)
    return result.rstrip(" ?.!")


def story(text: str, seed: int) -> str:
    """A long story-style message with the question inside, as people write to a page."""
    openings = (
        "Chào anh chị, em ở quê lên thành phố làm ăn mấy năm nay, có chuyện này muốn hỏi mà "
        "không biết hỏi ai.",
        "Xin chào cán bộ, nhà tôi có việc gia đình rối quá, mấy hôm nay cả nhà bàn mãi chưa ra.",
        "Dạ em chào ạ, em đọc trên mạng mỗi nơi nói một kiểu nên em nhắn hỏi cho chắc.",
    )
    closings = ("Mong anh chị giải đáp giúp, em cảm ơn nhiều ạ.", "Xin cảm ơn cán bộ.", "")
    opening, closing = openings[seed % 3], closings[seed % 3]
    return f"{opening} {text} {closing}".strip()


def question_form(text: str, form: str, seed: int = 0) -> str:
    """The question as typed in one of ``FORMS``."""
    if form == "diacritics":
        return text
    if form == "plain":
        return fold_diacritics(text)
    if form == "slang":
        return slang(text)
    if form == "story":
        return story(text, seed)
    raise ValueError(f"unknown form {form!r}")
