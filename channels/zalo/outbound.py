"""Pure conversion of an outgoing message into consultation-message request bodies
(POST /v3.0/oa/message/cs; platforms/zalo.md §2.2).

Text is limited to 2,000 characters, so long answers are split at sentence boundaries.
Quick replies go out as numbered text ("gõ 1, 2…"), which the assistant understands.
Buttons in v3 messages are UNVERIFIED (§2.2), so they are opt-in: each button's
``oa.query.show`` payload is the choice's number, which comes back as a typed "1", "2"…
"""

from __future__ import annotations

from bot.messages import OutgoingMessage
from channels.quick_reply_text import numbered_choices, shorten
from channels.text_split import split_text

TEXT_LIMIT = 2000
# The PHP SDK's builder allows 4 buttons; more go out as numbered text.
MAX_BUTTONS = 4
BUTTON_TITLE_LIMIT = 40
CHOICE_HINT = "(Bạn gõ số thứ tự để chọn.)"


def cs_bodies(user_id: str, message: OutgoingMessage, buttons: bool = False) -> list[dict]:
    choices = message.quick_replies
    as_buttons = buttons and 0 < len(choices) <= MAX_BUTTONS
    text = message.text
    if choices and not as_buttons:
        text = f"{text}\n\n{numbered_choices(choices)}\n{CHOICE_HINT}"
    parts = split_text(text, TEXT_LIMIT) or [" "]
    bodies = [{"recipient": {"user_id": user_id}, "message": {"text": part}} for part in parts]
    if as_buttons:
        bodies[-1]["message"]["attachment"] = {
            "type": "template",
            "payload": {
                "buttons": [
                    {
                        "title": shorten(choice.title, BUTTON_TITLE_LIMIT),
                        "type": "oa.query.show",
                        "payload": str(number),
                    }
                    for number, choice in enumerate(choices, start=1)
                ]
            },
        }
    return bodies
