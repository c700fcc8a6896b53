import unicodedata

import pytest

from bot.text_normalization import fold_diacritics, has_diacritics, normalize_text


def test_folds_every_vietnamese_diacritic_including_d_with_stroke():
    assert fold_diacritics("Đăng ký thường trú ở đâu") == "Dang ky thuong tru o dau"


def test_text_typed_with_and_without_diacritics_meets_in_one_form():
    assert normalize_text("Thủ tục ly hôn đơn phương?") == normalize_text(
        "thu tuc ly hon don phuong"
    )


def test_decomposed_unicode_folds_like_precomposed():
    composed = "Hòa giải ở cơ sở"
    decomposed = unicodedata.normalize("NFD", composed)
    assert normalize_text(decomposed) == normalize_text(composed)


def test_tone_mark_placement_does_not_matter():
    # Old and new placement styles, as different keyboards type them.
    assert normalize_text("hoà giải, thuỷ lợi") == normalize_text("hòa giải, thủy lợi")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ko dc", "khong duoc"),
        ("đk tạm trú ntn", "dang ky tam tru nhu the nao"),
        ("mất CCCD làm j", "mat can cuoc cong dan lam gi"),
        ("rút bhxh 1 lần", "rut bao hiem xa hoi 1 lan"),
        ("bị trừ điểm gplx", "bi tru diem giay phep lai xe"),
    ],
)
def test_expands_legal_chat_abbreviations(typed, expected):
    assert normalize_text(typed) == expected


def test_leaves_ambiguous_short_forms_alone():
    # "hồng" in "sổ hồng" must not become "không".
    assert normalize_text("sổ hồng") == "so hong"
    assert normalize_text("kh") == "kh"


def test_undoes_emphatic_letter_stretching_but_keeps_numbers():
    assert normalize_text("khônggggg được") == "khong duoc"
    assert normalize_text("phạt 1000000 đồng") == "phat 1000000 dong"


def test_case_punctuation_and_emoji_are_folded_away():
    assert normalize_text("  ĐĂNG KÝ KẾT HÔN???!!! 😀 ") == "dang ky ket hon"


def test_emoji_only_text_folds_to_nothing():
    assert normalize_text("👍😀🙏") == ""


def test_has_diacritics_tells_accent_free_text():
    assert has_diacritics("tạm trú")
    assert not has_diacritics("tam tru 2025")
