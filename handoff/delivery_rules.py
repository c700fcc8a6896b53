"""How an official's answer reaches the citizen, as pure functions.

Each channel declares its windows (``channels.registry``). An official's answer is a
reply written by a person, so it may also take person-only windows (Facebook's
HUMAN_AGENT tag, from 24 hours to 7 days, if the Page's app was granted the feature)
and paid ones (with the operator's budget). Outside every window the answer is held
and follows the reply to the citizen's next message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from bot import replies
from bot.menus import answer_feedback_replies
from bot.messages import OutgoingMessage
from broadcasts.routing import Recipient, window_reason
from channels.contract import Access, Purpose, verdict
from channels.registry import PLATFORMS, Platforms
from kernel.outcomes import DeliveryReason

MAX_ANSWER_CHARS = 1500
_QUOTE_CHARS = 160


class AnswerRoute(Enum):
    SEND = "send"
    SEND_HUMAN_AGENT = "send_human_agent"
    SEND_PAID = "send_paid"
    HOLD = "hold"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class AnswerDecision:
    route: AnswerRoute
    reason: str  # the detail, as officials read it: the channel's or the rule's words
    code: DeliveryReason = DeliveryReason.IN_WINDOW

    @property
    def sends_now(self) -> bool:
        return self.route in (AnswerRoute.SEND, AnswerRoute.SEND_HUMAN_AGENT, AnswerRoute.SEND_PAID)


_ROUTES = {
    Access.FREE: AnswerRoute.SEND,
    Access.PERSON: AnswerRoute.SEND_HUMAN_AGENT,
    Access.PAID: AnswerRoute.SEND_PAID,
}
_ACCESS = {route: access for access, route in _ROUTES.items()}


def answer_route(
    recipient: Recipient,
    now: dt.datetime,
    human_agent_enabled: bool,
    zalo_paid_enabled: bool,
    platforms: Platforms = PLATFORMS,
) -> AnswerDecision:
    """``human_agent_enabled`` opens person-only windows, ``zalo_paid_enabled`` paid
    ones (each declared by one channel today)."""
    if recipient.unreachable:
        return AnswerDecision(
            AnswerRoute.UNREACHABLE,
            "người dân đã chặn hoặc bỏ quan tâm",
            DeliveryReason.UNREACHABLE,
        )
    platform = platforms.get(recipient.channel)
    if platform is None:
        return AnswerDecision(
            AnswerRoute.HOLD,
            f"kênh {recipient.channel} chưa được hỗ trợ",
            DeliveryReason.UNKNOWN_CHANNEL,
        )
    since = now - recipient.last_interaction if recipient.last_interaction else None
    enabled = [Access.FREE]
    if human_agent_enabled:
        enabled.append(Access.PERSON)
    if zalo_paid_enabled:
        enabled.append(Access.PAID)
    found = verdict(platform, since, tuple(Access), enabled)
    route = _ROUTES[found.access] if found.access else AnswerRoute.HOLD
    return AnswerDecision(route, found.reason.officials, window_reason(found))


def answer_problem(answer: str) -> str | None:
    """Why an answer cannot be sent as written (Vietnamese, for the official), or None."""
    if not answer.strip():
        return "Cần viết nội dung trả lời."
    if len(answer.strip()) > MAX_ANSWER_CHARS:
        return f"Câu trả lời dài quá {MAX_ANSWER_CHARS} ký tự; hãy viết gọn hoặc hẹn gặp trực tiếp."
    return None


def reply_text(question: str, answer: str, signature: str) -> str:
    """What the citizen reads: their question quoted, the answer, who answered."""
    quoted = " ".join(question.split())
    if len(quoted) > _QUOTE_CHARS:
        quoted = quoted[: _QUOTE_CHARS - 1].rstrip() + "…"
    return (
        f"📩 Trả lời câu hỏi của bạn: “{quoted}”\n\n{answer.strip()}\n\n— {signature}\n"
        "(Thông tin pháp luật chung; hồ sơ cụ thể do cơ quan có thẩm quyền giải quyết.)"
    )


def answer_message(text: str, question_id: int) -> OutgoingMessage:
    """The answer as the citizen receives it: like an FAQ answer, it asks for a rating
    (reported apart from the knowledge base's, and with it against the 90 % target)."""
    return OutgoingMessage(
        f"{text}\n\n{replies.FEEDBACK_QUESTION}", answer_feedback_replies(question_id)
    )


def answer_bodies(
    channel: str,
    user_id: str,
    message: OutgoingMessage,
    route: AnswerRoute,
    platforms: Platforms = PLATFORMS,
) -> list[dict]:
    """The platform request bodies for the route (the router has checked the window)."""
    access = _ACCESS.get(route, Access.FREE)
    return platforms[channel].render(Purpose.ANSWER, user_id, message, access)
