"""Who may do what, and the other pure rules the console's routes apply."""

import datetime as dt

from broadcasts.model import Broadcast, Kind
from console.accounts import LoginPolicy, lock_after, password_problem
from console.auth_views import safe_next
from console.delivery_labels import reason_label
from console.formatting import vn_number, vn_percent, vn_time
from console.users import session_key
from kernel.identity import Officer, Role
from kernel.permissions import (
    Can,
    can,
    commune_scope,
    may_handle_question,
    may_manage_broadcast,
    may_see_broadcast,
)

LAN = Officer("lan", Role.COMMUNE_OFFICIAL, frozenset({"00070"}))
THU = Officer("thu", Role.COMMUNICATION_OFFICER)
REVIEWER = Officer("r", Role.LEGAL_REVIEWER)


def notice(communes) -> Broadcast:
    return Broadcast(Kind.LOCAL_NOTICE, "T", "B", "x", target_communes=communes)


def test_only_province_officers_compose_new_laws():
    assert can(THU, Can.COMPOSE_NEW_LAW) and not can(LAN, Can.COMPOSE_NEW_LAW)
    assert not can(REVIEWER, Can.MANAGE_BROADCASTS) and can(REVIEWER, Can.REVIEW_KB)


def test_a_commune_official_sees_province_laws_but_manages_only_their_notices():
    province_law = Broadcast(Kind.NEW_LAW, "T", "B", "thu")
    assert may_see_broadcast(LAN, province_law) and not may_manage_broadcast(LAN, province_law)
    assert may_manage_broadcast(LAN, notice(frozenset({"00070"})))
    assert not may_see_broadcast(LAN, notice(frozenset({"00004"})))
    mixed = notice(frozenset({"00070", "00004"}))
    assert may_see_broadcast(LAN, mixed) and not may_manage_broadcast(LAN, mixed)


def test_questions_without_a_commune_belong_to_the_province():
    assert not may_handle_question(LAN, None) and may_handle_question(THU, None)
    assert may_handle_question(LAN, "00070") and not may_handle_question(REVIEWER, "00070")
    assert commune_scope(LAN) == frozenset({"00070"}) and commune_scope(THU) is None


def test_lockout_starts_at_the_limit():
    policy = LoginPolicy(max_failures=3, lockout_seconds=60)
    assert lock_after(2, 1000.0, policy) is None
    assert lock_after(3, 1000.0, policy) == 1060.0


def test_passwords_need_length_and_more_than_one_kind_of_character():
    assert password_problem("ngan") and password_problem("chicochuthoi")
    assert password_problem("12345678901") and password_problem("mat-khau-2026") is None


def test_only_console_paths_are_followed_after_sign_in():
    assert safe_next("/console/questions?view=open") == "/console/questions?view=open"
    for unsafe in ("https://evil.example", "//evil.example", "/simulator", "/console\\x", None):
        assert safe_next(unsafe) is None


def test_a_malformed_session_id_is_ignored():
    assert session_key("lan|3|s1") == ("lan", 3, "s1")
    assert session_key("a|b|c|3|s") == ("a|b|c", 3, "s")
    for malformed in ("lan", "lan|3", "|3|s", "lan|x|s", "lan|3|"):
        assert session_key(malformed) is None


def test_engine_reasons_read_in_vietnamese_and_unknown_ones_stay_readable():
    assert "24 giờ" in reason_label("facebook: outside the 24-hour window")
    assert reason_label("something new") == "something new"


def test_numbers_and_times_are_written_the_vietnamese_way():
    assert vn_number(12345) == "12.345" and vn_percent(0.934) == "93,4 %"
    late_evening_utc = dt.datetime(2026, 12, 1, 17, 30, tzinfo=dt.timezone.utc)
    assert vn_percent(None) == "–" and vn_time(late_evening_utc) == "02/12/2026 00:30"
    assert vn_time(late_evening_utc.timestamp()) == "02/12/2026 00:30"
