"""Short commands a citizen may type at any step of any conversation.

While a step is open (a commune to name, audiences to pick, a question to forward) the
next text is read as its answer; these commands are recognised first, so "dừng" or "tôi
đã đăng ký gì" typed while changing commune is never looked up as a commune name. Only
the whole message counts: "dừng xe ở đâu" is a question, not a command.
"""

from __future__ import annotations

from bot.text_normalization import fold_diacritics

# Folded phrase -> the intent it stands for (handled like the model's intent of that name).
COMMANDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "stop",
            "unsubscribe",
            "dung",
            "dung lai",
            "dung nhan tin",
            "dung dang ky",
            "huy dang ky",
            "huy nhan tin",
            "ngung nhan tin",
        ),
        "unsubscribe",
    ),
    **dict.fromkeys(
        (
            "toi da dang ky gi",
            "da dang ky gi",
            "toi dang ky gi",
            "xem dang ky",
            "dang ky cua toi",
        ),
        "subscription_status",
    ),
    **dict.fromkeys(
        ("doi xa", "doi phuong", "doi xa phuong", "doi noi nhan tin"),
        "change_commune",
    ),
    **dict.fromkeys(("dang ky nhan tin", "dang ky nhan tin moi"), "subscribe"),
    **dict.fromkeys(
        ("menu", "help", "tro giup", "huong dan", "danh muc", "xem menu"),
        "help",
    ),
}


def folded(text: str) -> str:
    """Pure: lower case, no diacritics, no end punctuation, single spaces."""
    words = fold_diacritics(text).lower()
    for mark in ".!?,;:":
        words = words.replace(mark, " ")
    return " ".join(words.split())


def global_command(text: str) -> str | None:
    """Pure: the intent a whole message stands for, or None when it is not a command."""
    return COMMANDS.get(folded(text))
