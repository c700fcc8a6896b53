"""Walk-through: a fourth channel declared only in ``channels/`` is routed and rendered
by broadcasts and handoff through the registry, with no change to either package."""

import datetime as dt

import pytest

from bot.messages import OutgoingMessage
from broadcasts.engine import EngineSettings
from broadcasts.model import Status
from broadcasts.routing import Recipient, Route, route_for
from channels.contract import Access, Limits, Platform, Purpose, Reason, Window
from channels.registry import PLATFORMS
from handoff.delivery_rules import AnswerRoute, answer_bodies, answer_message, answer_route
from tests.broadcasts.support import FAST_RETRY, Province

NAME = "webchat"
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)


def render(
    purpose: Purpose, user_id: str, message: OutgoingMessage, access: Access = Access.FREE
) -> list[dict]:
    return [{"to": user_id, "purpose": purpose.value, "access": access.value, "text": message.text}]


WEBCHAT = Platform(
    name=NAME,
    label="Trò chuyện trên web",
    windows=(
        Window(
            dt.timedelta(hours=12),
            Access.FREE,
            Reason("webchat: inside the 12-hour window", "Web: trong 12 giờ"),
        ),
        Window(
            dt.timedelta(days=2),
            Access.PERSON,
            Reason("webchat: a person's reply (12 h-2 d)", "Web: cán bộ trả lời (12 giờ–2 ngày)"),
        ),
    ),
    beyond=Reason("webchat: outside the window", "Web: quá thời hạn gửi"),
    limits=Limits(text_limit=500, send_rate=None),
    render=render,
)


class WebchatChannel:
    """The fourth channel's sender, as the composition root would wire it."""

    name = NAME

    def __init__(self) -> None:
        self.sent: list[dict] = []

    def render(self, user_id: str, message: OutgoingMessage) -> list[dict]:
        return render(Purpose.REPLY, user_id, message)

    def send(self, body: dict) -> str | None:
        self.sent.append(body)
        return f"w.{len(self.sent)}"

    def show_typing(self, user_id: str) -> None:
        """Not supported."""


@pytest.fixture
def webchat():
    PLATFORMS.register(WEBCHAT)
    yield WEBCHAT
    PLATFORMS.unregister(NAME)


def ago(**delta) -> dt.datetime:
    return NOW - dt.timedelta(**delta)


def test_news_takes_only_the_new_channels_free_window(webchat):
    assert route_for(Recipient(NAME, ago(hours=11)), NOW).route is Route.SEND
    held = route_for(Recipient(NAME, ago(hours=13)), NOW)
    assert (held.route, held.reason) == (Route.HOLD, "webchat: outside the window")


def test_an_officials_answer_may_take_the_new_channels_person_window(webchat):
    decision = answer_route(Recipient(NAME, ago(hours=13)), NOW, True, False)
    assert decision.route is AnswerRoute.SEND_HUMAN_AGENT
    assert decision.reason == "Web: cán bộ trả lời (12 giờ–2 ngày)"
    message = answer_message("Nộp đơn tại UBND xã.", 7)
    (body,) = answer_bodies(NAME, "W1", message, decision.route)
    assert (body["purpose"], body["access"]) == ("answer", "person")


def test_the_new_channel_has_its_label_and_default_rate(webchat):
    assert PLATFORMS.label(NAME) == "Trò chuyện trên web"
    assert NAME in PLATFORMS.names and EngineSettings().rates[NAME] is None


def test_a_broadcast_reaches_the_new_channel_inside_its_window_and_holds_outside(webchat, tmp_path):
    province = Province(tmp_path / "province.db")
    province.subscriber(NAME, "w-recent", hours_since_last_message=2)
    province.subscriber(NAME, "w-old", hours_since_last_message=20)
    broadcast_id = province.sending()
    channel = WebchatChannel()

    engine = province.engine(
        EngineSettings(retry=FAST_RETRY, watch_seconds=0.05), channels={NAME: channel}
    )
    assert engine.run(broadcast_id) is Status.DONE

    outcome = province.deliveries(broadcast_id)
    assert outcome["w-recent"][0] == "sent"
    assert outcome["w-old"] == ("held", "webchat: outside the window")
    assert [(body["to"], body["purpose"]) for body in channel.sent] == [("w-recent", "broadcast")]
