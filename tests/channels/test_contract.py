"""The window ladder every channel's rules go through (channels/contract.py), and the
registry's view of the three platforms."""

import datetime as dt

from bot.messages import OutgoingMessage, QuickReply
from channels.contract import Access, Purpose, verdict
from channels.facebook.platform import FACEBOOK
from channels.registry import PLATFORMS
from channels.simulator.channel import SimulatorChannel
from channels.simulator.platform import SIMULATOR
from channels.zalo.platform import ZALO

HOURS = dt.timedelta(hours=1)
NEWS = (Access.FREE, Access.PAID)


def test_news_passes_over_a_person_only_window():
    found = verdict(FACEBOOK, 30 * HOURS, NEWS, NEWS)
    assert found.access is None and found.reason is FACEBOOK.beyond


def test_a_window_whose_kind_is_not_enabled_holds_with_its_own_reason():
    found = verdict(ZALO, 60 * HOURS, NEWS, (Access.FREE,))
    assert found.access is None
    assert found.reason.log == "zalo: 48 h-7 d and paid messages are disabled"


def test_the_shortest_window_that_contains_the_time_wins():
    assert verdict(ZALO, 47 * HOURS, NEWS, NEWS).access is Access.FREE
    assert verdict(ZALO, 49 * HOURS, NEWS, NEWS).access is Access.PAID


def test_a_user_who_never_wrote_is_outside_every_window_but_an_unbounded_one():
    assert verdict(ZALO, None, NEWS, NEWS).access is None
    assert verdict(SIMULATOR, None, NEWS, NEWS).access is Access.FREE


def test_the_registry_keeps_officers_order_and_labels():
    assert PLATFORMS.names == ("zalo", "facebook", "simulator")
    assert PLATFORMS.labels == {"zalo": "Zalo", "facebook": "Facebook", "simulator": "Chat thử"}
    assert PLATFORMS.label("unknown") == "unknown"
    assert PLATFORMS.read_receipt_channels() == {"facebook"}
    assert PLATFORMS.article_channels() == {"zalo"}


def test_the_reply_channel_renders_through_its_declared_rendering():
    message = OutgoingMessage("Xin chào", (QuickReply("Có", "YES"),))
    assert SimulatorChannel().render("u1", message) == SIMULATOR.render(
        Purpose.REPLY, "u1", message, Access.FREE
    )


def test_news_on_messenger_is_an_update_and_a_persons_late_answer_is_tagged():
    message = OutgoingMessage("Tin mới")
    (news,) = FACEBOOK.render(Purpose.BROADCAST, "P1", message, Access.FREE)
    (late,) = FACEBOOK.render(Purpose.ANSWER, "P1", message, Access.PERSON)
    (digest,) = FACEBOOK.render(Purpose.DIGEST, "P1", message, Access.FREE)
    assert news["messaging_type"] == "UPDATE" and "tag" not in news
    assert late["tag"] == "HUMAN_AGENT"
    assert digest["messaging_type"] == "RESPONSE"
