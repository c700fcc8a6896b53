"""Per-user conversation state the assistant reads and updates on every message.

Kept small and JSON-serialisable so a channel can store it in one column between messages.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# A conversation is a run of one user's messages with no gap longer than this; the
# worker marks each message that opens one, and the reports count them.
CONVERSATION_GAP_SECONDS = 30 * 60


@dataclass
class Conversation:
    # The FAQ last answered, so "hữu ích" / "sai rồi" typed as text rate the right answer.
    last_faq_id: str | None = None
    # The forwarded question whose official's answer the citizen read last, if that came
    # after the last FAQ answer: typed ratings then rate the official's answer.
    last_answer_id: int | None = None
    # The question that FAQ answered, forwarded if the citizen finds the answer unhelpful.
    last_question: str | None = None
    # The last question the assistant could not answer, offered for forwarding.
    last_unanswered: str | None = None
    # The FAQs the model found likely for it: they route the forwarded question to the
    # officials of that legal field.
    last_suggestions: list[str] = field(default_factory=list)
    # The next text is the question to forward to an official.
    awaiting_forward_question: bool = False
    # Payloads of the choices just offered, so typing "2" picks the second one where a
    # platform showed them as numbered text.
    offered_choices: list[str] = field(default_factory=list)
    # Subscribing in steps: "commune" (waiting for a commune name), then "audiences".
    subscription_step: str | None = None
    pending_commune: str | None = None
    pending_audiences: list[str] = field(default_factory=list)
    # The commune step changes the commune of an existing subscription, keeping audiences.
    changing_commune: bool = False

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> Conversation:
        known = {
            name: value for name, value in (data or {}).items() if name in cls.__dataclass_fields__
        }
        return cls(**known)
