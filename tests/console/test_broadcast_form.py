"""The compose form to a Broadcast: input errors reported, foreign communes flagged."""

import datetime as dt

from werkzeug.datastructures import MultiDict

from broadcasts.model import Kind
from broadcasts.routing import VIETNAM
from console.broadcast_form import broadcast_from_form, form_values, parse_local_time

KNOWN = {"00070", "00004"}


def form(**values) -> MultiDict:
    data = MultiDict()
    for key, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            data.add(key, item)
    return data


def test_a_province_wide_law_has_no_commune_target():
    parsed = broadcast_from_form(
        form(title="  Luật   mới ", scope="province", audiences="workers", channels="zalo",
             effective_date="2026-01-01", document_number="74/2025/QH15"),
        Kind.NEW_LAW, "thu", KNOWN, None,
    )  # fmt: skip
    assert parsed.errors == ()
    assert parsed.broadcast.target_communes is None
    assert parsed.broadcast.title == "Luật mới"
    assert parsed.broadcast.effective_date == dt.date(2026, 1, 1)
    assert parsed.broadcast.channels == frozenset({"zalo"})


def test_bad_dates_links_and_unknown_communes_are_reported():
    parsed = broadcast_from_form(
        form(title="T", communes=["00070", "99999"], effective_date="01/01/2026",
             link="javascript:alert(1)"),
        Kind.LOCAL_NOTICE, "lan", KNOWN, frozenset({"00070"}),
    )  # fmt: skip
    assert len(parsed.errors) == 3
    assert parsed.broadcast.link is None
    assert parsed.broadcast.target_communes == frozenset({"00070"})


def test_a_commune_officials_form_reaching_past_their_communes_is_flagged():
    parsed = broadcast_from_form(
        form(title="T", communes=["00070", "00004"]), Kind.LOCAL_NOTICE, "lan", KNOWN,
        frozenset({"00070"}),
    )  # fmt: skip
    assert parsed.foreign_communes == frozenset({"00004"})
    law = broadcast_from_form(form(title="T", scope="province"), Kind.NEW_LAW, "lan", KNOWN,
                              frozenset({"00070"}))  # fmt: skip
    assert law.foreign_communes  # the whole province is not theirs either


def test_a_draft_round_trips_through_the_form():
    parsed = broadcast_from_form(
        form(title="T", communes="00070", audiences=["farmers"], channels="simulator",
             urgent="on"),
        Kind.LOCAL_NOTICE, "lan", KNOWN, None,
    )  # fmt: skip
    # What a browser posts back: checked boxes as "on", unchecked ones absent.
    posted = {
        name: "on" if value is True else value
        for name, value in form_values(parsed.broadcast).items()
        if value not in (False, "")
    }
    again = broadcast_from_form(form(**posted), Kind.LOCAL_NOTICE, "lan", KNOWN, None)
    assert again.broadcast == parsed.broadcast


def test_a_browser_time_is_vietnam_time():
    moment = parse_local_time("2026-12-02T08:00")
    assert moment.utcoffset() == VIETNAM.utcoffset(moment)
    assert moment.astimezone(dt.timezone.utc).hour == 1
    assert parse_local_time("tomorrow") is None
