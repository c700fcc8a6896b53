"""Pure rendering of a turn for the terminal, and of its outcome as a JSON line."""

from __future__ import annotations

import json

from bot.turn import Turn


def render_turn(turn: Turn) -> str:
    """The replies as the citizen reads them, quick replies as numbered choices."""
    blocks = []
    number = 0
    for message in turn.messages:
        lines = [message.text]
        for reply in message.quick_replies:
            number += 1
            lines.append(f"  [{number}] {reply.title}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def turn_json(question: str, turn: Turn) -> str:
    """One line of ``ask --json``: the contract other tools and the evaluation rely on."""
    return json.dumps(
        {
            "question": question,
            "intent": turn.intent,
            "confidence": round(turn.confidence, 4),
            "faq_id": turn.faq_id,
            "answer": turn.text,
            "fallback": turn.fallback,
            "quick_replies": [
                {"title": reply.title, "payload": reply.payload}
                for message in turn.messages
                for reply in message.quick_replies
            ],
        },
        ensure_ascii=False,
    )
