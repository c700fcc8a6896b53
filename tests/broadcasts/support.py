"""A small province for broadcast tests: a real SQLite file with the server's tables,
communes, subscribers with their platform windows, and real channel clients whose HTTP
calls the tests fake with ``responses`` (or a local server)."""

from __future__ import annotations

import datetime as dt
import time

import requests

from broadcasts.communes import parse_communes_csv
from broadcasts.engine import DeliveryEngine, EngineSettings
from broadcasts.model import Broadcast, Kind, Status
from broadcasts.schema import create_broadcast_schema
from broadcasts.store import BroadcastStore
from broadcasts.subscribers import SqliteSubscriptions
from channels.facebook.channel import FacebookChannel
from channels.facebook.client import FacebookClient
from channels.retry_policy import RetryPolicy
from channels.simulator.channel import SimulatorChannel
from channels.zalo.channel import ZaloChannel
from channels.zalo.client import ZaloClient
from channels.zalo.tokens import TokenPair, ZaloTokens
from kernel.identity import Officer, Role
from server.contact_windows import SqliteContactWindows
from server.database import Database
from server.schema import create_message_tables
from server.token_store import SqliteTokenStore

GRAPH = "https://graph.test"
FACEBOOK_SEND_URL = f"{GRAPH}/v25.0/me/messages"
ZALO_API = "https://openapi.zalo.test"
ZALO_SEND_URL = f"{ZALO_API}/v3.0/oa/message/cs"
COMMUNES = parse_communes_csv(
    "code,name,province\n"
    "03301,Xã Tà Tổng,Lai Châu\n"
    "03302,Xã Tân Phong,Lai Châu\n"
    "03303,Phường Tân Phong,Lai Châu\n"
)
AUTHOR = Officer("thu.nguyen", Role.COMMUNICATION_OFFICER)
APPROVER = Officer("minh.tran", Role.COMMUNICATION_OFFICER)
FAST_RETRY = RetryPolicy(base_seconds=0.01, max_seconds=0.05, max_attempts=4)


def new_law(**changes) -> Broadcast:
    fields = {
        "kind": Kind.NEW_LAW,
        "title": "Luật Việc làm 2025 có hiệu lực từ 1/1/2026",
        "body": "Người làm việc theo hợp đồng từ đủ 1 tháng trở lên tham gia bảo hiểm thất nghiệp.",
        "author": AUTHOR.username,
        "document_number": "74/2025/QH15",
        "issuing_body": "Quốc hội",
        "effective_date": dt.date(2026, 1, 1),
        "audiences": frozenset({"general_public", "workers"}),
    }
    return Broadcast(**{**fields, **changes})


class Province:
    def __init__(self, path, clock=time.time) -> None:
        self.database = Database(path)
        create_message_tables(self.database.db)
        create_broadcast_schema(self.database.db)
        self.clock = clock
        self.subscriptions = SqliteSubscriptions(self.database, COMMUNES, clock=clock)
        self.store = BroadcastStore(
            self.database, now=lambda: dt.datetime.fromtimestamp(clock(), dt.timezone.utc)
        )

    def subscriber(
        self,
        channel: str,
        user_id: str,
        commune: str = "03301",
        audiences: tuple[str, ...] = ("general_public",),
        hours_since_last_message: float | None = 1.0,
    ) -> None:
        self.subscriptions.subscribe(channel, user_id, commune, audiences)
        last = (
            self.clock() - hours_since_last_message * 3600
            if hours_since_last_message is not None
            else None
        )
        self.database.db.execute(
            "INSERT OR REPLACE INTO contacts (channel, user_id, first_seen_at, last_inbound_at) "
            "VALUES (?, ?, ?, ?)",
            (channel, user_id, self.clock(), last),
        )

    def sending(self, broadcast: Broadcast | None = None) -> int:
        """A broadcast created, approved and moved to sending; returns its id."""
        created = self.store.create(broadcast or new_law(), AUTHOR)
        self.store.move(created.id, Status.APPROVED, APPROVER)
        self.store.move(created.id, Status.SENDING, APPROVER)
        return created.id

    def channels(self, simulator: bool = True) -> dict:
        session = requests.Session()
        token_store = SqliteTokenStore(self.database, account="zalo:test")
        token_store.seed(TokenPair("zalo-access", "zalo-refresh", None))
        tokens = ZaloTokens(
            token_store, "app", "secret", "https://oauth.zalo.test", requests.Session()
        )
        self.zalo_client = ZaloClient(tokens, ZALO_API, session=session)
        channels = {
            "facebook": FacebookChannel(FacebookClient("fb-token", GRAPH, session=session)),
            "zalo": ZaloChannel(self.zalo_client),
        }
        if simulator:
            channels["simulator"] = SimulatorChannel()
        return channels

    def engine(self, settings: EngineSettings | None = None, **kwargs) -> DeliveryEngine:
        return DeliveryEngine(
            self.database,
            kwargs.pop("channels", None) or self.channels(),
            SqliteContactWindows(self.database),
            settings or EngineSettings(retry=FAST_RETRY, watch_seconds=0.05),
            clock=self.clock,
            **kwargs,
        )

    def deliveries(self, broadcast_id: int) -> dict[str, tuple[str, str]]:
        """user id → (status, reason or error)."""
        rows = self.database.db.execute(
            "SELECT user_id, status, COALESCE(error, reason) FROM deliveries "
            "WHERE broadcast_id = ?",
            (broadcast_id,),
        ).fetchall()
        return {user: (status, why) for user, status, why in rows}
