"""Pure builder of the Messenger Profile: Get Started button, greeting, persistent menu
(platforms/facebook.md §4: the menu needs Get Started; at most 20 flat items)."""

from __future__ import annotations

from bot.messages import QuickReply
from channels.quick_reply_text import shorten

MAX_MENU_ITEMS = 20
MENU_TITLE_LIMIT = 30
# The 160-character greeting limit is UNVERIFIED (§4); staying under it costs nothing.
GREETING_LIMIT = 160


def messenger_profile(
    get_started_payload: str, greeting: str, menu: tuple[QuickReply, ...]
) -> dict:
    return {
        "get_started": {"payload": get_started_payload},
        "greeting": [{"locale": "default", "text": shorten(greeting, GREETING_LIMIT)}],
        "persistent_menu": [
            {
                "locale": "default",
                "composer_input_disabled": False,
                "call_to_actions": [
                    {
                        "type": "postback",
                        "title": shorten(item.title, MENU_TITLE_LIMIT),
                        "payload": item.payload,
                    }
                    for item in menu[:MAX_MENU_ITEMS]
                ],
            }
        ],
    }
