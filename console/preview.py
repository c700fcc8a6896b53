"""Pure: how a broadcast reads on each platform, with its length against the limits.

The text is ``broadcasts.model.message_text``, the very one the engine sends; the
preview only splits it the way each channel's converter would.
"""

from __future__ import annotations

from dataclasses import dataclass

from broadcasts.model import MESSAGE_LIMIT, TITLE_LIMIT, Broadcast, message_text, problems_of
from channels.registry import PLATFORMS
from channels.text_split import split_text


@dataclass(frozen=True)
class PlatformPreview:
    platform: str
    label: str
    limit: int
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Preview:
    text: str
    length: int
    limit: int
    title_length: int
    title_limit: int
    platforms: tuple[PlatformPreview, ...]
    problems: tuple[str, ...]

    def as_json(self) -> dict:
        return {
            "text": self.text,
            "length": self.length,
            "limit": self.limit,
            "title_length": self.title_length,
            "title_limit": self.title_limit,
            "platforms": [
                {"platform": p.platform, "label": p.label, "limit": p.limit, "parts": list(p.parts)}
                for p in self.platforms
            ],
            "problems": list(self.problems),
        }


def preview_of(broadcast: Broadcast) -> Preview:
    text = message_text(broadcast)
    # Channels that split long text into parts, as each declares its limit.
    platforms = tuple(
        PlatformPreview(
            platform.name,
            platform.preview_label,
            platform.limits.text_limit,
            tuple(split_text(text, platform.limits.text_limit)),
        )
        for platform in PLATFORMS
        if platform.preview_label and platform.limits.text_limit
    )
    return Preview(
        text=text,
        length=len(text),
        limit=MESSAGE_LIMIT,
        title_length=len(broadcast.title),
        title_limit=TITLE_LIMIT,
        platforms=tuple(p for p in platforms if p.platform in broadcast.channels) or platforms,
        problems=tuple(problems_of(broadcast)),
    )
