"""Zalo Article broadcast: free, to every follower of the OA, not targetable by commune.

The only free push Zalo still allows (platforms/zalo.md §3.3): an Article is created
(``/v2.0/article/create`` → token), verified (``/v2.0/article/verify`` → id) and sent with
``/v2.0/oa/message`` to an empty target, meaning "all followers". Shapes come from the
official Java SDK; whether the broadcast path still answers after Zalo's 2026 changes
is UNVERIFIED, which is why it only runs when an officer ticks the option and the
operator has set a cover photo.
"""

from __future__ import annotations

DESCRIPTION_LIMIT = 300


def article_body(title: str, paragraphs: list[str], author: str, cover_url: str) -> dict:
    """Pure: the create-article request."""
    return {
        "type": "normal",
        "title": title[:150],
        "author": author[:50],
        "cover": {"cover_type": "photo", "photo_url": cover_url, "status": "show"},
        "description": (paragraphs[0] if paragraphs else title)[:DESCRIPTION_LIMIT],
        "body": [{"type": "text", "content": paragraph} for paragraph in paragraphs],
        "status": "show",
        "comment": "show",
    }


def broadcast_body(article_id: str) -> dict:
    """Pure: the broadcast request; an empty target reaches every follower."""
    return {
        "recipient": {"target": {}},
        "message": {
            "attachment": {
                "type": "template",
                "payload": {
                    "template_type": "media",
                    "elements": [{"media_type": "article", "attachment_id": article_id}],
                },
            }
        },
    }
