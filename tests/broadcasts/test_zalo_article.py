"""A province-wide new law may also go to every Zalo follower as an Article broadcast;
its Zalo subscribers then get no second copy by consultation message."""

import json

import pytest
import responses

from broadcasts.model import Kind, problems_of
from server.wiring import ZaloArticlePublisher
from tests.broadcasts.support import ZALO_API, ZALO_SEND_URL, Province, new_law

CREATE_URL = f"{ZALO_API}/v2.0/article/create"
VERIFY_URL = f"{ZALO_API}/v2.0/article/verify"
BROADCAST_URL = f"{ZALO_API}/v2.0/oa/message"
COVER = "https://tinh.test/cover.jpg"


@pytest.fixture
def province(tmp_path):
    province = Province(tmp_path / "article.db")
    province.subscriber("zalo", "zalo-recent", hours_since_last_message=2)
    province.subscriber("simulator", "sim-1")
    return province


def engine_with_articles(province):
    channels = province.channels()
    return province.engine(
        channels=channels,
        article_publisher=ZaloArticlePublisher(province.zalo_client, COVER, "Sở Tư pháp"),
    )


def request_body(url):
    (call,) = [c for c in responses.calls if c.request.url == url]
    return json.loads(call.request.body)


@responses.activate
def test_the_article_is_created_verified_and_broadcast_to_all_followers(province):
    responses.post(CREATE_URL, json={"error": 0, "data": {"token": "tok-1"}})
    responses.post(VERIFY_URL, json={"error": 0, "data": {"id": "article-9"}})
    responses.post(BROADCAST_URL, json={"error": 0, "data": {"message_id": "b-1"}})
    broadcast_id = province.sending(new_law(zalo_article=True))

    engine_with_articles(province).run(broadcast_id)

    article = request_body(CREATE_URL)
    assert article["title"] == "Luật Việc làm 2025 có hiệu lực từ 1/1/2026"
    assert article["cover"]["photo_url"] == COVER
    assert any("74/2025/QH15" in part["content"] for part in article["body"])
    assert not any("hủy đăng ký" in part["content"] for part in article["body"])
    assert request_body(VERIFY_URL) == {"token": "tok-1"}
    sent = request_body(BROADCAST_URL)
    assert sent["recipient"] == {"target": {}}
    assert sent["message"]["attachment"]["payload"]["elements"] == [
        {"media_type": "article", "attachment_id": "article-9"}
    ]
    outcome = province.deliveries(broadcast_id)
    assert outcome["zalo-recent"][0] == "skipped" and "Article" in outcome["zalo-recent"][1]
    assert outcome["sim-1"][0] == "sent"
    assert not [c for c in responses.calls if c.request.url == ZALO_SEND_URL]
    history = [event for event, _, _ in province.store.get(broadcast_id).history]
    assert "zalo_article_published" in history


@responses.activate
def test_a_failed_article_falls_back_to_per_user_messages(province):
    responses.post(CREATE_URL, json={"error": -223, "message": "quota"})
    responses.post(ZALO_SEND_URL, json={"error": 0, "data": {"message_id": "z"}})
    broadcast_id = province.sending(new_law(zalo_article=True))

    engine_with_articles(province).run(broadcast_id)

    assert province.deliveries(broadcast_id)["zalo-recent"][0] == "sent"
    history = [event for event, _, _ in province.store.get(broadcast_id).history]
    assert "zalo_article_failed" in history


def test_the_article_option_is_for_province_wide_new_laws_on_zalo_only():
    assert problems_of(new_law(zalo_article=True)) == []
    assert problems_of(new_law(zalo_article=True, target_communes=frozenset({"03301"})))
    assert problems_of(new_law(zalo_article=True, channels=frozenset({"facebook"})))
    assert problems_of(
        new_law(zalo_article=True, kind=Kind.LOCAL_NOTICE, target_communes=frozenset({"03301"}))
    )
