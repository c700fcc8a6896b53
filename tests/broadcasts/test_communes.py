import pytest

from broadcasts.communes import (
    SHIPPED_CSV,
    Commune,
    CommuneFileError,
    CommuneMatcher,
    load_communes,
    parse_communes_csv,
)

CSV = """code,name,province
00001,Phường Ba Đình,Hà Nội
00002,Xã Tân Phong,Lai Châu
00003,Phường Tân Phong,Lai Châu
00004,Xã Tà Tổng,Lai Châu
00005,Đặc khu Cô Tô,Quảng Ninh
"""


@pytest.fixture
def matcher():
    return CommuneMatcher(parse_communes_csv(CSV))


def names(communes: list[Commune]) -> list[str]:
    return [commune.name for commune in communes]


@pytest.mark.parametrize(
    "typed", ["Ba Đình", "ba dinh", "phuong ba dinh", "P. Ba Đình", "PHƯỜNG BA ĐÌNH"]
)
def test_names_match_without_diacritics_case_or_prefix(matcher, typed):
    assert names(matcher.candidates(typed)) == ["Phường Ba Đình"]


def test_a_name_shared_by_two_units_is_ambiguous(matcher):
    assert names(matcher.candidates("tan phong")) == ["Xã Tân Phong", "Phường Tân Phong"]


def test_the_typed_prefix_settles_an_ambiguous_name(matcher):
    assert names(matcher.candidates("xa tan phong")) == ["Xã Tân Phong"]
    assert names(matcher.candidates("phường Tân Phong")) == ["Phường Tân Phong"]


def test_special_zones_and_small_typos_are_found(matcher):
    assert names(matcher.candidates("đặc khu cô tô")) == ["Đặc khu Cô Tô"]
    assert names(matcher.candidates("ta tong")) == ["Xã Tà Tổng"]
    assert names(matcher.candidates("ta tongg")) == ["Xã Tà Tổng"]


def test_unknown_or_empty_names_find_nothing(matcher):
    assert matcher.candidates("Quận 1") == []
    assert matcher.candidates("   ") == []


def test_a_file_without_a_required_column_or_with_duplicates_is_refused():
    with pytest.raises(CommuneFileError, match="province"):
        parse_communes_csv("code,name\n1,Xã A\n")
    with pytest.raises(CommuneFileError, match="duplicate"):
        parse_communes_csv("code,name,province\n1,Xã A,P\n1,Xã B,P\n")


def test_the_shipped_list_is_the_reorganised_country():
    communes = load_communes(SHIPPED_CSV)
    assert len(communes) == 3321
    assert len({commune.province for commune in communes}) == 34
    assert {commune.division_type for commune in communes} == {"xã", "phường", "đặc khu"}
    assert not any(commune.name.startswith(("Quận ", "Huyện ", "Thị xã ")) for commune in communes)


def test_one_province_is_picked_by_name_with_or_without_diacritics():
    lai_chau = load_communes(SHIPPED_CSV, province="lai chau")
    assert len(lai_chau) == 38
    assert {commune.province for commune in lai_chau} == {"Lai Châu"}
    with pytest.raises(CommuneFileError, match="no communes"):
        load_communes(SHIPPED_CSV, province="Hà Tây")
