"""Pure conversion of an outgoing message into Send API request bodies.

Long text is split at sentence boundaries; quick replies ride on the last part. More
than 13 choices, or titles over 20 characters, also go out as numbered text so nothing
is lost.
"""

from __future__ import annotations

from bot.messages import OutgoingMessage
from channels.quick_reply_text import numbered_choices, shorten
from channels.text_split import split_text

# Meta's limit is 2,000 characters, but sends fail from about 1,994 with emoji counted as
# several units (platforms/facebook.md §2.2): keep a margin.
TEXT_LIMIT = 1900
MAX_QUICK_REPLIES = 13
TITLE_LIMIT = 20

RESPONSE = "RESPONSE"
UPDATE = "UPDATE"
MESSAGE_TAG = "MESSAGE_TAG"
# The one tag left for general use since 27 April 2026: a reply written by a person,
# within 7 days of the user's last message (platforms/facebook.md §3.2). Never for bots.
HUMAN_AGENT = "HUMAN_AGENT"


def message_bodies(
    recipient_id: str, message: OutgoingMessage, messaging_type: str = RESPONSE
) -> list[dict]:
    """One Send API body per text part; carries no tag (see ``human_agent_bodies``)."""
    quick_replies = message.quick_replies
    text = message.text
    degraded = len(quick_replies) > MAX_QUICK_REPLIES or any(
        len(reply.title) > TITLE_LIMIT for reply in quick_replies
    )
    if degraded:
        text = f"{text}\n\n{numbered_choices(quick_replies)}"
    parts = split_text(text, TEXT_LIMIT) or [" "]
    bodies = [
        {
            "recipient": {"id": recipient_id},
            "messaging_type": messaging_type,
            "message": {"text": part},
        }
        for part in parts
    ]
    if quick_replies:
        bodies[-1]["message"]["quick_replies"] = [
            {
                "content_type": "text",
                "title": shorten(reply.title, TITLE_LIMIT),
                "payload": reply.payload,
            }
            for reply in quick_replies[:MAX_QUICK_REPLIES]
        ]
    return bodies


def human_agent_bodies(recipient_id: str, message: OutgoingMessage) -> list[dict]:
    """An official's own answer sent 24 hours to 7 days after the user's last message."""
    bodies = message_bodies(recipient_id, message, MESSAGE_TAG)
    for body in bodies:
        body["tag"] = HUMAN_AGENT
    return bodies


def typing_on_body(recipient_id: str) -> dict:
    """A sender action goes alone: never in the same request as a message."""
    return {"recipient": {"id": recipient_id}, "sender_action": "typing_on"}
