"""Pure functions that fold Vietnamese chat text into one comparable form.

Citizens type with or without diacritics, with Telex/VNI keyboards that place tone marks
differently, and with chat abbreviations. Folding everything to lower-case, accent-free
words with abbreviations expanded lets "ko dc dk tạm trú à" and "Không được đăng ký tạm
trú ạ?" meet in the same place. Tone-mark placement ("hoà"/"hòa") stops mattering once the
marks are removed, so no separate placement table is needed.
"""

import re
import unicodedata

# Keys are already folded (no diacritics, lower case). Legal chat differs from generic
# teencode lists: "dk" is "đăng ký" here, not "được". Ambiguous forms are deliberately left
# alone: "kh", "bh", "hn", "tt", "bn" (bạn / bao nhiêu), "dt" (điện thoại / diện tích) and
# "hong" (không / sổ hồng).
ABBREVIATIONS: dict[str, str] = {
    "ko": "khong",
    "k": "khong",
    "kg": "khong",
    "khg": "khong",
    "hok": "khong",
    "hem": "khong",
    "dc": "duoc",
    "ntn": "nhu the nao",
    "j": "gi",
    "ji": "gi",
    "z": "vay",
    "dk": "dang ky",
    "dky": "dang ky",
    "cccd": "can cuoc cong dan",
    "cmnd": "chung minh nhan dan",
    "cmt": "chung minh thu",
    "gplx": "giay phep lai xe",
    "bhxh": "bao hiem xa hoi",
    "bhyt": "bao hiem y te",
    "bhtn": "bao hiem that nghiep",
    "ubnd": "uy ban nhan dan",
    "gks": "giay khai sinh",
    "gcn": "giay chung nhan",
    "qsdd": "quyen su dung dat",
    "hdld": "hop dong lao dong",
    "hkd": "ho kinh doanh",
    "dkkd": "dang ky kinh doanh",
    "dn": "doanh nghiep",
    "nvqs": "nghia vu quan su",
    "csgt": "canh sat giao thong",
    "sdt": "so dien thoai",
    "tk": "tai khoan",
    "nd": "nghi dinh",
    "bnhieu": "bao nhieu",
    "nhiu": "nhieu",
    "mk": "minh",
    "mik": "minh",
    "ng": "nguoi",
    "mn": "moi nguoi",
    "vs": "voi",
    "cx": "cung",
    "r": "roi",
    "trc": "truoc",
    "bit": "biet",
    "bik": "biet",
    "mun": "muon",
    "wa": "qua",
    "lm": "lam",
    "ms": "moi",
    "cty": "cong ty",
    "e": "em",
    "vk": "vo",
    "ck": "chong",
    "thui": "thoi",
    "tr": "trieu",
    "ak": "a",
    "ah": "a",
}

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_UNDERSCORE = re.compile(r"_+")
# Letters stretched for emphasis ("khônggggg"); digits are left alone so "1000" survives.
_LONG_REPEAT = re.compile(r"([^\W\d_])\1{2,}", re.UNICODE)


def fold_diacritics(text: str) -> str:
    """Removes every Vietnamese diacritic ("Đăng ký" -> "Dang ky"), keeping case."""
    decomposed = unicodedata.normalize("NFD", text)
    without_marks = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", without_marks).replace("đ", "d").replace("Đ", "D")


def has_diacritics(text: str) -> bool:
    """Tells whether the text carries any Vietnamese diacritic."""
    normalized = unicodedata.normalize("NFC", text)
    return fold_diacritics(normalized) != normalized


def words(text: str) -> list[str]:
    """Splits text into folded, lower-case words with punctuation and emoji dropped."""
    folded = fold_diacritics(unicodedata.normalize("NFC", text)).casefold()
    spaced = _UNDERSCORE.sub(" ", _NON_WORD.sub(" ", folded))
    return spaced.split()


def expand_abbreviations(tokens: list[str]) -> list[str]:
    """Replaces chat abbreviations with the words they stand for.

    Emphatic stretching ("khongggg") is undone only for words that are not abbreviations,
    since "cccd" legitimately repeats a letter.
    """
    expanded: list[str] = []
    for token in tokens:
        if token not in ABBREVIATIONS:
            token = _LONG_REPEAT.sub(r"\1", token)
        expanded.extend(ABBREVIATIONS.get(token, token).split())
    return expanded


def normalize_text(text: str) -> str:
    """The single folded form used for training, evaluation and serving alike."""
    return " ".join(expand_abbreviations(words(text)))
