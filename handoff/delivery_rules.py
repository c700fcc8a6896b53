"""How an official's answer reaches the citizen, as pure functions (platforms/*.md).

- Facebook: inside the 24-hour window as a RESPONSE; from 24 hours to 7 days with the
  HUMAN_AGENT tag, which Meta allows only for replies written by a person and only if
  the Page's app was granted the Human Agent feature (a setting); after 7 days nothing
  can be sent, so the answer is held until the citizen writes again.
- Zalo: a consultation message, free within 48 hours of the citizen's last interaction,
  billed from 48 hours to 7 days (only with a budget), refused after 7 days: held.
- Held answers follow the reply to the citizen's next message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from bot import replies
from bot.menus import answer_feedback_replies
from bot.messages import OutgoingMessage
from broadcasts.routing import FACEBOOK_WINDOW, ZALO_FREE_WINDOW, ZALO_PAID_WINDOW, Recipient
from channels.facebook.outbound import RESPONSE, human_agent_bodies, message_bodies
from channels.zalo.outbound import cs_bodies

HUMAN_AGENT_WINDOW = dt.timedelta(days=7)
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
    reason: str

    @property
    def sends_now(self) -> bool:
        return self.route in (AnswerRoute.SEND, AnswerRoute.SEND_HUMAN_AGENT, AnswerRoute.SEND_PAID)


def answer_route(
    recipient: Recipient, now: dt.datetime, human_agent_enabled: bool, zalo_paid_enabled: bool
) -> AnswerDecision:
    if recipient.unreachable:
        return AnswerDecision(AnswerRoute.UNREACHABLE, "người dân đã chặn hoặc bỏ quan tâm")
    if recipient.channel == "simulator":
        return AnswerDecision(AnswerRoute.SEND, "Chat thử: gửi ngay")
    since = now - recipient.last_interaction if recipient.last_interaction else None
    if recipient.channel == "facebook":
        if since is not None and since < FACEBOOK_WINDOW:
            return AnswerDecision(AnswerRoute.SEND, "Facebook: trong 24 giờ kể từ tin nhắn cuối")
        if since is not None and since < HUMAN_AGENT_WINDOW:
            if human_agent_enabled:
                return AnswerDecision(
                    AnswerRoute.SEND_HUMAN_AGENT, "Facebook: thẻ HUMAN_AGENT (trong 7 ngày)"
                )
            return AnswerDecision(
                AnswerRoute.HOLD, "Facebook: quá 24 giờ và chưa bật thẻ HUMAN_AGENT"
            )
        return AnswerDecision(AnswerRoute.HOLD, "Facebook: quá 7 ngày kể từ tin nhắn cuối")
    if recipient.channel == "zalo":
        if since is not None and since < ZALO_FREE_WINDOW:
            return AnswerDecision(AnswerRoute.SEND, "Zalo: tin tư vấn miễn phí (trong 48 giờ)")
        if since is not None and since < ZALO_PAID_WINDOW:
            if zalo_paid_enabled:
                return AnswerDecision(
                    AnswerRoute.SEND_PAID, "Zalo: tin tư vấn có phí (48 giờ–7 ngày)"
                )
            return AnswerDecision(AnswerRoute.HOLD, "Zalo: quá 48 giờ và chưa bật tin có phí")
        return AnswerDecision(AnswerRoute.HOLD, "Zalo: quá 7 ngày kể từ lần tương tác cuối")
    return AnswerDecision(AnswerRoute.HOLD, f"kênh {recipient.channel} chưa được hỗ trợ")


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
    channel: str, user_id: str, message: OutgoingMessage, route: AnswerRoute
) -> list[dict]:
    """The platform request bodies for the route (the router has checked the window)."""
    if channel == "facebook":
        if route is AnswerRoute.SEND_HUMAN_AGENT:
            return human_agent_bodies(user_id, message)
        return message_bodies(user_id, message, RESPONSE)
    if channel == "zalo":
        return cs_bodies(user_id, message)
    return [
        {
            "text": message.text,
            "quick_replies": [
                {"title": reply.title, "payload": reply.payload} for reply in message.quick_replies
            ],
        }
    ]
