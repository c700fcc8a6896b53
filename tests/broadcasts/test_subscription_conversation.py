"""The subscription conversation end to end: the assistant's dialogue over the SQLite
subscriber store (the parser is scripted; the model's own intents are covered elsewhere)."""

import pytest

from bot import payloads, replies
from bot.assistant import Assistant
from bot.conversation import Conversation
from bot.decisions import Thresholds
from bot.interpretation import Interpretation
from bot.messages import IncomingMessage, MessageKind
from broadcasts.communes import parse_communes_csv
from broadcasts.schema import create_subscriber_tables
from broadcasts.subscribers import SqliteSubscriptions
from server.database import Database
from tests.server.support import KB

COMMUNES = parse_communes_csv(
    "code,name,province\n"
    "03301,Xã Tà Tổng,Lai Châu\n"
    "03302,Xã Tân Phong,Lai Châu\n"
    "03303,Phường Tân Phong,Lai Châu\n"
    "03304,Phường Đoàn Kết,Lai Châu\n"
)
INTENTS = {
    "đăng ký nhận tin": "subscribe",
    "tôi đã đăng ký gì": "subscription_status",
    "đổi xã": "change_commune",
    "hủy đăng ký nhận tin giúp tôi": "unsubscribe",
}


class IntentParser:
    def parse(self, text: str) -> Interpretation:
        return Interpretation(INTENTS.get(text, "out_of_scope"), 0.99)


@pytest.fixture
def store(tmp_path):
    database = Database(tmp_path / "subscribers.db")
    create_subscriber_tables(database.db)
    return SqliteSubscriptions(database, COMMUNES, clock=lambda: 1_800_000_000.0)


@pytest.fixture
def chat(store):
    assistant = Assistant(KB, IntentParser(), Thresholds(0.5, 0.6), subscriptions=store)
    conversation = Conversation()

    def send(text: str = "", payload: str | None = None, channel: str = "zalo"):
        kind = MessageKind.CHOICE if payload else MessageKind.TEXT
        message = IncomingMessage(channel, "u1", kind, text, payload)
        return assistant.handle(message, conversation)

    return send


def payloads_of(turn) -> list[str]:
    return [reply.payload for message in turn.messages for reply in message.quick_replies]


def test_subscribing_by_typing_a_commune_without_diacritics_then_audiences(chat, store):
    assert chat("đăng ký nhận tin").intent == "subscribe"
    audiences = chat("xa ta tong")
    assert "Xã Tà Tổng" in audiences.text
    assert "AUDIENCE:farmers" in payloads_of(audiences)
    chat(payload="AUDIENCE:farmers")
    chat(payload="AUDIENCE:ethnic_minorities")
    done = chat(payload=payloads.AUDIENCES_DONE)
    assert done.intent == "subscribed"
    assert "hủy đăng ký" in done.text
    subscription = store.subscription("zalo", "u1")
    assert subscription.commune.name == "Xã Tà Tổng"
    assert subscription.audiences == ("ethnic_minorities", "farmers")


def test_an_ambiguous_commune_is_asked_again_with_choices(chat, store):
    chat("đăng ký nhận tin")
    ambiguous = chat("tan phong")
    assert ambiguous.text == replies.SUBSCRIBE_COMMUNE_AMBIGUOUS
    assert payloads_of(ambiguous) == ["COMMUNE:03302", "COMMUNE:03303"]
    chat("2")  # typed number picks the second choice (Zalo shows numbered text)
    chat(payload=payloads.AUDIENCES_DONE)
    assert store.subscription("zalo", "u1").commune.name == "Phường Tân Phong"
    assert store.subscription("zalo", "u1").audiences == ("general_public",)


def test_an_unknown_commune_is_asked_again_and_thoi_leaves(chat, store):
    chat("đăng ký nhận tin")
    assert "Quận 1" in chat("Quận 1").text
    assert chat("thôi").text == replies.SUBSCRIPTION_CANCELLED
    assert store.subscription("zalo", "u1") is None


@pytest.mark.parametrize("stop", ["hủy đăng ký", "dừng", "STOP", "huy dang ky"])
def test_stop_words_unsubscribe_at_once(chat, store, stop):
    store.subscribe("zalo", "u1", "03301", ("general_public",))
    assert chat(stop).text == replies.UNSUBSCRIBED
    assert store.subscription("zalo", "u1") is None


def test_changing_commune_keeps_audiences_and_status_shows_them(chat, store):
    store.subscribe("zalo", "u1", "03301", ("workers",))
    chat("đổi xã")
    changed = chat("phuong doan ket")
    assert "Phường Đoàn Kết" in changed.text
    status = chat("tôi đã đăng ký gì")
    assert "Phường Đoàn Kết" in status.text and "người lao động" in status.text
    assert store.subscription("zalo", "u1").audiences == ("workers",)


def test_the_commune_prompt_gives_examples_from_the_configured_province(chat):
    prompt = chat("đăng ký nhận tin").text
    # Tân Phong is both a xã and a phường here, so it would not find one unit at once.
    assert "ví dụ: Phường Đoàn Kết, xa ta tong." in prompt
    assert "Ba Đình" not in prompt
    assert "(ví dụ: Phường Đoàn Kết)" in chat("Quận 1").text


def test_a_hanoi_prompt_names_hanoi_units_only(store, tmp_path):
    hanoi = parse_communes_csv(
        "code,name,province\n00070,Phường Hoàn Kiếm,Hà Nội\n09999,Xã Sóc Sơn,Hà Nội\n"
    )
    database = Database(tmp_path / "hanoi.db")
    create_subscriber_tables(database.db)
    assistant = Assistant(
        KB, IntentParser(), Thresholds(0.5, 0.6), subscriptions=SqliteSubscriptions(database, hanoi)
    )
    message = IncomingMessage("zalo", "u1", MessageKind.TEXT, "đăng ký nhận tin")
    prompt = assistant.handle(message, Conversation()).text
    assert "ví dụ: Phường Hoàn Kiếm, xa soc son." in prompt
    assert "Tà Tổng" not in prompt and "ta tong" not in prompt


@pytest.mark.parametrize("stop", ["dừng", "Dừng!", "stop", "hủy đăng ký"])
def test_stop_inside_change_commune_unsubscribes_and_is_no_commune_name(chat, store, stop):
    store.subscribe("zalo", "u1", "03301", ("general_public",))
    chat("đổi xã")
    assert chat(stop).text == replies.UNSUBSCRIBED
    assert store.subscription("zalo", "u1") is None
    # The step is closed: a commune name now is not a commune answer.
    assert chat("phuong doan ket").intent == "out_of_scope"


def test_status_inside_change_commune_shows_the_subscription(chat, store):
    store.subscribe("zalo", "u1", "03301", ("workers",))
    chat("đổi xã")
    status = chat("tôi đã đăng ký gì")
    assert status.intent == "subscription_status"
    assert "Xã Tà Tổng" in status.text
    assert store.subscription("zalo", "u1").commune.code == "03301"


@pytest.mark.parametrize("command", ["menu", "trợ giúp", "Hướng dẫn"])
def test_help_inside_the_audience_step_shows_help_and_subscribes_nothing(chat, store, command):
    chat("đăng ký nhận tin")
    chat("xa ta tong")
    assert chat(command).text == replies.HELP
    assert chat("xong").intent != "subscribed"
    assert store.subscription("zalo", "u1") is None


def test_stop_while_subscribing_for_the_first_time_only_leaves_the_steps(chat, store):
    chat("đăng ký nhận tin")
    assert chat("dừng").text == replies.SUBSCRIPTION_CANCELLED
    assert store.subscription("zalo", "u1") is None


def test_change_commune_typed_again_restarts_the_commune_question(chat, store):
    store.subscribe("zalo", "u1", "03301", ("workers",))
    chat("đổi xã")
    again = chat("đổi xã")
    assert again.intent == "change_commune" and "ví dụ" in again.text
    assert "Phường Đoàn Kết" in chat("phuong doan ket").text


def test_a_menu_tap_inside_the_commune_step_leaves_it(chat, store):
    chat("đăng ký nhận tin")
    chat(payload=payloads.ALL_FIELDS)
    assert chat("xa ta tong").intent == "out_of_scope"


def test_status_and_stop_without_a_subscription_offer_to_subscribe(chat):
    assert chat("tôi đã đăng ký gì").text == replies.NOT_SUBSCRIBED
    assert chat("hủy đăng ký nhận tin giúp tôi").text == replies.NOT_SUBSCRIBED


def test_facebook_subscribers_are_told_about_the_24_hour_window(chat):
    chat("đăng ký nhận tin", channel="facebook")
    chat("xa ta tong", channel="facebook")
    done = chat(payload=payloads.AUDIENCES_DONE, channel="facebook")
    assert "24 giờ" in done.text


def test_resubscribing_after_stopping_records_new_consent(store):
    store.subscribe("zalo", "u1", "03301", ("general_public",))
    assert store.unsubscribe("zalo", "u1")
    assert not store.unsubscribe("zalo", "u1")
    store.subscribe("zalo", "u1", "03302", ("students",))
    assert store.subscription("zalo", "u1").commune.code == "03302"


def test_bad_commune_or_audience_is_refused_by_the_store(store):
    with pytest.raises(ValueError):
        store.subscribe("zalo", "u1", "99999", ("general_public",))
    with pytest.raises(ValueError):
        store.subscribe("zalo", "u1", "03301", ("aliens",))


def test_only_a_channel_that_declares_a_note_adds_it_on_subscribing(chat):
    for channel in ("facebook", "zalo"):
        chat("đăng ký nhận tin", channel=channel)
        chat("xa ta tong", channel=channel)
        done = chat(payload=payloads.AUDIENCES_DONE, channel=channel)
        assert done.intent == "subscribed"
        assert ("24 giờ sau khi bạn nhắn tin" in done.text) is (channel == "facebook")
