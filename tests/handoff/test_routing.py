"""Routing a forwarded question: the field of the likeliest FAQ, the commune named in the
question before the subscribed one."""

from broadcasts.communes import Commune, CommuneMatcher
from handoff.routing import NAMED, SUBSCRIPTION, QuestionRoute, QuestionRouter, field_of

COMMUNES = [
    Commune("00004", "Phường Ba Đình", "Hà Nội"),
    Commune("00070", "Phường Hoàn Kiếm", "Hà Nội"),
    Commune("00376", "Xã Sóc Sơn", "Hà Nội"),
    Commune("09999", "Xã Ba Đình", "Thanh Hóa"),
]
FIELDS = {"dang_ky_tam_tru": "cu_tru_can_cuoc", "ly_hon": "gia_dinh_tre_em"}


def router(subscribed: dict | None = None) -> QuestionRouter:
    return QuestionRouter(
        lambda: FIELDS, CommuneMatcher(COMMUNES), lambda channel, user: (subscribed or {}).get(user)
    )


def test_the_field_is_that_of_the_first_known_likely_faq():
    assert field_of(("khong_co", "ly_hon", "dang_ky_tam_tru"), FIELDS) == "gia_dinh_tre_em"
    assert field_of((), FIELDS) is None


def test_a_commune_named_with_or_without_diacritics_is_found():
    matcher = CommuneMatcher(COMMUNES)
    assert matcher.mentioned_in("Tôi ở phường Hoàn Kiếm, hỏi về tạm trú").code == "00070"
    assert matcher.mentioned_in("o xa soc son dang ky ket hon the nao").code == "00376"


def test_a_word_that_only_looks_like_a_unit_is_not_a_commune():
    matcher = CommuneMatcher(COMMUNES)
    assert matcher.mentioned_in("nhà tôi ở xa, đi làm giấy tờ ở đâu") is None
    assert matcher.mentioned_in("phường nào cũng được") is None


def test_the_unit_word_tells_apart_two_communes_of_the_same_name():
    assert CommuneMatcher(COMMUNES).mentioned_in("xã Ba Đình").code == "09999"
    assert CommuneMatcher(COMMUNES).mentioned_in("phường Ba Đình").code == "00004"


def test_a_named_commune_wins_over_the_subscribed_one():
    route = router({"u1": "00070"}).route("zalo", "u1", "tôi ở phường Ba Đình", ("ly_hon",))
    assert route == QuestionRoute("gia_dinh_tre_em", "00004", NAMED)


def test_without_a_name_the_subscribed_commune_is_used():
    route = router({"u1": "00070"}).route("zalo", "u1", "thủ tục ly hôn", ())
    assert route == QuestionRoute(None, "00070", SUBSCRIPTION)


def test_with_neither_the_province_gets_the_question():
    assert router().route("zalo", "u2", "hỏi chung", ()) == QuestionRoute()


def test_the_field_of_an_entry_added_while_running_is_found():
    fields = dict(FIELDS)
    router = QuestionRouter(lambda: fields, CommuneMatcher(COMMUNES), lambda channel, user: None)
    fields["xoa_dang_ky_tam_tru"] = "cu_tru_can_cuoc"  # a reviewer approved a new entry
    route = router.route("zalo", "u-1", "Xóa đăng ký tạm trú?", ("xoa_dang_ky_tam_tru",))
    assert route.field_code == "cu_tru_can_cuoc"
