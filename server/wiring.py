"""Builds each enabled platform's reply channel and webhook blueprint from the settings,
and the adapters through which the core reaches higher packages."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import requests
from flask import Blueprint

from bot.legal_currency import Flag
from broadcasts.engine import DeliveryEngine, EngineSettings
from broadcasts.model import Broadcast, message_text
from channels.facebook import CHANNEL as FACEBOOK
from channels.facebook.blueprint import facebook_blueprint
from channels.facebook.channel import FacebookChannel
from channels.facebook.client import FacebookClient
from channels.ports import Inbox, ReplyChannel
from channels.registry import PLATFORMS
from channels.retry_policy import RetryPolicy
from channels.simulator import CHANNEL as SIMULATOR
from channels.simulator.blueprint import simulator_blueprint
from channels.simulator.channel import SimulatorChannel
from channels.zalo import CHANNEL as ZALO
from channels.zalo.articles import article_body, broadcast_body
from channels.zalo.blueprint import zalo_blueprint
from channels.zalo.channel import ZaloChannel
from channels.zalo.client import ZaloClient
from channels.zalo.tokens import TokenPair, ZaloTokens
from handoff.kb_currency import CurrencyWatch
from server.contact_windows import SqliteContactWindows
from server.database import Database
from server.reply_feed import OutboxReplyFeed
from server.settings import BroadcastSettings, Settings, ZaloSettings
from server.token_store import SqliteTokenStore

logger = logging.getLogger(__name__)


@dataclass
class Wiring:
    channels: dict[str, ReplyChannel] = field(default_factory=dict)
    blueprints: list[Blueprint] = field(default_factory=list)
    zalo_tokens: ZaloTokens | None = None
    zalo_client: ZaloClient | None = None
    facebook_client: FacebookClient | None = None


def wire_channels(settings: Settings, database: Database, inbox: Inbox) -> Wiring:
    wiring = Wiring()
    if settings.facebook is not None:
        facebook = settings.facebook
        client = FacebookClient(facebook.page_access_token, facebook.graph_base, session=_session())
        wiring.facebook_client = client
        wiring.channels[FACEBOOK] = FacebookChannel(client)
        wiring.blueprints.append(
            facebook_blueprint(facebook.app_secret, facebook.verify_token, inbox)
        )
    if settings.zalo is not None:
        zalo = settings.zalo
        store = SqliteTokenStore(database, account=f"zalo:{zalo.app_id}")
        store.seed(TokenPair(zalo.access_token, zalo.refresh_token, None))
        tokens = ZaloTokens(store, zalo.app_id, zalo.app_secret, zalo.oauth_base, _session())
        client = ZaloClient(tokens, zalo.api_base, session=_session())
        wiring.zalo_tokens = tokens
        wiring.zalo_client = client
        wiring.channels[ZALO] = ZaloChannel(client, zalo.quick_reply_buttons)
        first_term, secret = zalo_signing_terms(zalo)
        wiring.blueprints.append(
            zalo_blueprint(first_term, secret, zalo.replay_window_seconds, inbox)
        )
    if settings.simulator_enabled:
        wiring.channels[SIMULATOR] = SimulatorChannel()
        wiring.blueprints.append(
            simulator_blueprint(
                inbox, OutboxReplyFeed(database), settings.simulator_messages_per_minute
            )
        )
    return wiring


def engine_settings(settings: BroadcastSettings, retry: RetryPolicy) -> EngineSettings:
    chosen = {FACEBOOK: settings.rate_facebook, ZALO: settings.rate_zalo}
    return EngineSettings(
        senders=settings.senders,
        # Each channel's declared rate, where the operator's settings do not override it;
        # a chosen 0 lifts the limit.
        rates=PLATFORMS.send_rates()
        | {name: rate or None for name, rate in chosen.items() if rate is not None},
        retry=retry,
        zalo_paid_enabled=settings.zalo_paid_messages,
        lease_seconds=settings.lease_seconds,
    )


class ZaloArticlePublisher:
    """Publishes a province-wide new law as a Zalo Article to every follower."""

    channel = ZALO

    def __init__(self, client: ZaloClient, cover_url: str, author: str) -> None:
        self._client = client
        self._cover_url = cover_url
        self._author = author

    def publish(self, broadcast: Broadcast) -> str:
        paragraphs = message_text(broadcast).split("\n\n")[1:-1]  # no "hủy đăng ký" line
        article = article_body(broadcast.title, paragraphs, self._author, self._cover_url)
        article_id = self._client.publish_article(article)
        self._client.broadcast(broadcast_body(article_id))
        return article_id


class WatchedAnswers:
    """The assistant's view of the currency watch (``bot.ports.AnswerCurrency``): the open
    flags of an entry. If they cannot be read the answer still goes out, without a
    caution, and the log says why: a database hiccup must not silence the assistant."""

    def __init__(self, watch: CurrencyWatch) -> None:
        self._watch = watch

    def flags(self, faq_id: str) -> Sequence[Flag]:
        try:
            return self._watch.flags(faq_id)
        except Exception:  # noqa: BLE001 (logged; the answer is still given)
            logger.exception("could not read the review flags of %s", faq_id)
            return ()


def zalo_signing_terms(zalo: ZaloSettings) -> tuple[str, str]:
    """(first term, secret) of the signed string, per ZALO_SIGNATURE_VARIANT."""
    first = zalo.oa_id if zalo.signature_variant.startswith("oa_id") else zalo.app_id
    secret = (
        zalo.app_secret if zalo.signature_variant.endswith("app_secret") else zalo.oa_secret_key
    )
    return first or "", secret


def _session() -> requests.Session:
    session = requests.Session()
    # Enough pooled connections for the worker threads sending at once.
    adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=32)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def retry_policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(
        settings.retry_base_seconds, settings.retry_max_seconds, settings.max_send_attempts
    )


def reply_retry_policy(settings: Settings) -> RetryPolicy:
    """Replies to citizens retry for a time (default 24 h, inside the reply windows)."""
    return RetryPolicy(
        settings.retry_base_seconds,
        settings.retry_max_seconds,
        give_up_after_seconds=settings.reply_retry_hours * 3600,
    )


def delivery_engine(settings: Settings, database: Database, wiring: Wiring) -> DeliveryEngine:
    """The engine with every enabled channel; the server and the CLI build it alike."""
    articles = None
    if wiring.zalo_client is not None and settings.broadcasts.zalo_article_cover_url:
        articles = ZaloArticlePublisher(
            wiring.zalo_client, settings.broadcasts.zalo_article_cover_url, settings.province
        )
    return DeliveryEngine(
        database,
        wiring.channels,
        SqliteContactWindows(database),
        engine_settings(settings.broadcasts, retry_policy(settings)),
        article_publisher=articles,
    )
