"""The one list of channels: the packages above ask it for a channel's rules, rendering
and label instead of naming the channel. Adding a platform means adding its
``Platform`` here (and wiring its client and webhook in the composition root)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from channels.contract import Platform
from channels.facebook.platform import FACEBOOK
from channels.simulator.platform import SIMULATOR
from channels.zalo.platform import ZALO


class Platforms:
    """Declared platforms by name, in the order officers see them."""

    def __init__(self, platforms: Iterable[Platform]) -> None:
        self._by_name = {platform.name: platform for platform in platforms}

    def get(self, name: str) -> Platform | None:
        return self._by_name.get(name)

    def __getitem__(self, name: str) -> Platform:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[Platform]:
        return iter(self._by_name.values())

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._by_name)

    def label(self, name: str) -> str:
        """Officers' name for the channel; an unknown code is shown as it is."""
        platform = self._by_name.get(name)
        return platform.label if platform else name

    def article_channels(self) -> frozenset[str]:
        """Channels that can publish news once to every follower as an Article."""
        return frozenset(name for name, p in self._by_name.items() if p.article_broadcast)

    def read_receipt_channels(self) -> frozenset[str]:
        """Channels whose read receipts are stored in the inbox ('read' events)."""
        return frozenset(name for name, p in self._by_name.items() if p.reports_reads)

    @property
    def labels(self) -> dict[str, str]:
        return {name: platform.label for name, platform in self._by_name.items()}

    def send_rates(self) -> dict[str, float | None]:
        """Each platform's default sends per second (None: unlimited)."""
        return {name: platform.limits.send_rate for name, platform in self._by_name.items()}

    def register(self, platform: Platform) -> None:
        """Adds a platform (or replaces one of the same name), last in officers' order."""
        self._by_name.pop(platform.name, None)
        self._by_name[platform.name] = platform

    def unregister(self, name: str) -> None:
        self._by_name.pop(name, None)


PLATFORMS = Platforms((ZALO, FACEBOOK, SIMULATOR))
