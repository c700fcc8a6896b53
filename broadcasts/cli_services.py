"""What ``flask --app app broadcasts`` needs of the composition root's services.

The composition root (``server.services.Services``) fits this shape; naming the shape here
instead of importing it keeps imports pointing down (broadcasts never imports the server),
as ``broadcasts.storage`` does for the database.
"""

from __future__ import annotations

from typing import Protocol

from broadcasts.communes import Commune
from broadcasts.deliveries import DeliveryStore
from broadcasts.engine import DeliveryEngine
from broadcasts.feeds import FeedImporter
from broadcasts.officers import OfficerStore
from broadcasts.routing import QuietHours
from broadcasts.storage import Storage
from broadcasts.store import BroadcastStore


class BroadcastOptions(Protocol):
    @property
    def quiet_hours(self) -> QuietHours: ...

    @property
    def feeds(self) -> tuple[str, ...]: ...


class CommandSettings(Protocol):
    @property
    def province(self) -> str: ...

    @property
    def broadcasts(self) -> BroadcastOptions: ...


class BroadcastServices(Protocol):
    @property
    def settings(self) -> CommandSettings: ...

    @property
    def database(self) -> Storage: ...

    @property
    def communes(self) -> list[Commune]: ...

    @property
    def officers(self) -> OfficerStore: ...

    @property
    def broadcasts(self) -> BroadcastStore: ...

    @property
    def deliveries(self) -> DeliveryStore: ...

    @property
    def engine(self) -> DeliveryEngine: ...

    def feeds(self, urls: tuple[str, ...] | list[str] | None = None) -> FeedImporter: ...
