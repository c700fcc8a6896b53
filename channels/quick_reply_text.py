"""Graceful degradation of quick replies a platform cannot show (pure).

Where buttons are missing, too many or cut short, the choices are appended as numbered
text; the assistant understands a typed number as the matching choice.
"""

from __future__ import annotations

from bot.messages import QuickReply


def numbered_choices(quick_replies: tuple[QuickReply, ...]) -> str:
    return "\n".join(f"{number}. {reply.title}" for number, reply in enumerate(quick_replies, 1))


def shorten(title: str, limit: int) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
