"""The legal FAQ knowledge base: one YAML file per legal field in ``nlu_data/kb/``.

Parsing and validation are pure so they can be tested on literal documents; only
``load_knowledge_base`` touches the disk. Validation is strict on purpose: an answer that
cites a repealed decree or no document number would mislead citizens, so such an entry
stops the build instead of reaching a chat.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.audiences import AUDIENCE_CODES
from bot.kb_citations import (
    ARTICLE,
    Scope,
    Source,
    parse_scope,
    parse_sources,
    unbased_source_problems,
    unlisted_article_problems,
)
from bot.text_normalization import ABBREVIATIONS, has_diacritics, normalize_text, words

MAX_ANSWER_CHARS = 1500
# Facebook cuts quick-reply titles at 20 characters; Zalo buttons are no wider.
MAX_TITLE_CHARS = 20
MIN_VARIANTS = 12
MIN_VARIANTS_WITHOUT_DIACRITICS = 3
STORY_VARIANT_MIN_CHARS = 100

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_DOCUMENT_NUMBER = re.compile(r"\d+/\d{4}/[A-ZĐ0-9-]+")
_VIETNAM = dt.timezone(dt.timedelta(hours=7))

# Documents repealed or replaced; citing them is always a mistake. Add one here (its
# number exactly as written, and what replaced it) as soon as its repeal is confirmed in
# the official text; the console's document register flags the answers resting on
# documents changed since, until a legal reviewer has read the change.
REPEALED_DOCUMENTS: dict[str, str] = {
    "100/2019/NĐ-CP": "replaced by Nghị định 168/2024/NĐ-CP",
    "123/2021/NĐ-CP": "amended 100/2019, both replaced by Nghị định 168/2024/NĐ-CP",
    "45/2013/QH13": "Luật Đất đai 2013 was replaced by Luật Đất đai 2024 (31/2024/QH15)",
    "59/2014/QH13": "Luật Căn cước công dân 2014 was replaced by Luật Căn cước 2023",
    "58/2014/QH13": "Luật Bảo hiểm xã hội 2014 was replaced by Luật BHXH 2024",
    "144/2021/NĐ-CP": "replaced by Nghị định 282/2025/NĐ-CP from 15 December 2025",
    "38/2013/QH13": "Luật Việc làm 2013 was replaced by Luật Việc làm 2025 (74/2025/QH15)",
    "53/2014/QH13": "Luật Công chứng 2014 was replaced by Luật Công chứng 2024 (46/2024/QH15)",
    "04/2007/QH12": "Luật Thuế TNCN 2007 was replaced by Luật 109/2025/QH15 from 1 July 2026",
    "38/2019/QH14": "Luật Quản lý thuế 2019 was replaced by Luật 108/2025/QH15 from 1 July 2026",
    "126/2020/NĐ-CP": "replaced by Nghị định 252/2026/NĐ-CP from 1 July 2026",
    "65/2013/NĐ-CP": "replaced by Nghị định 253/2026/NĐ-CP from 1 July 2026",
    "111/2013/TT-BTC": "replaced by Thông tư 87/2026/TT-BTC from 1 July 2026",
    "139/2016/NĐ-CP": "lệ phí môn bài was abolished; repealed by Nghị định 362/2025/NĐ-CP",
    "10/2015/NĐ-CP": "mang thai hộ: replaced by Nghị định 207/2025/NĐ-CP from 1 October 2025",
    "94/2015/QH13": "Luật Thi hành tạm giữ, tạm giam was replaced by Luật 128/2025/QH15",
    "41/2019/QH14": "Luật Thi hành án hình sự 2019 was replaced by Luật 127/2025/QH15",
    "160/2024/NĐ-CP": "driver training and testing: replaced by Nghị định 94/2026/NĐ-CP",
    "146/2018/NĐ-CP": "health insurance: replaced by Nghị định 188/2025/NĐ-CP",
    "73/2024/NĐ-CP": "base salary: replaced by Nghị định 161/2026/NĐ-CP from 1 July 2026",
    "75/2024/NĐ-CP": "pension adjustment: replaced by Nghị định 162/2026/NĐ-CP from 1 July 2026",
    "28/2020/TT-BGDĐT": "primary school charter: replaced by Thông tư 15/2026/TT-BGDĐT",
    "32/2020/TT-BGDĐT": "secondary school charter: replaced by Thông tư 15/2026/TT-BGDĐT",
}

# Since 1 July 2025 there is no district level of local government.
_DISTRICT_LEVEL = re.compile(
    r"cấp huyện|(UBND|Ủy ban nhân dân|Uỷ ban nhân dân) (huyện|quận|thị xã)"
    r"|Tòa án nhân dân (cấp )?(huyện|quận)|Công an (huyện|quận)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class LegalBasis:
    """A document (with its number) and, where known for certain, the articles relied on."""

    document: str
    articles: tuple[str, ...] = ()

    def citation(self) -> str:
        if not self.articles:
            return self.document
        return f"{', '.join(self.articles)} {self.document}"


@dataclass(frozen=True)
class Faq:
    id: str
    field: str
    title: str
    audiences: tuple[str, ...]
    question: str
    variants: tuple[str, ...]
    answer: str
    legal_basis: tuple[LegalBasis, ...]
    reviewed: dt.date
    scope: Scope
    sources: tuple[Source, ...]
    link: str | None = None

    def examples(self) -> tuple[str, ...]:
        """Every phrasing the model is trained on: the canonical question and variants."""
        return (self.question, *self.variants)


@dataclass(frozen=True)
class LegalField:
    code: str
    label: str
    short_label: str


@dataclass(frozen=True)
class KnowledgeBase:
    fields: tuple[LegalField, ...]
    faqs: tuple[Faq, ...]

    def faq(self, faq_id: str) -> Faq:
        for entry in self.faqs:
            if entry.id == faq_id:
                return entry
        raise KeyError(faq_id)

    def field_label(self, code: str) -> str:
        for field in self.fields:
            if field.code == code:
                return field.label
        raise KeyError(code)


class KnowledgeBaseError(ValueError):
    """Raised with every problem found, so an author can fix a file in one pass."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def vietnam_today() -> dt.date:
    return dt.datetime.now(_VIETNAM).date()


def parse_field_document(
    document: object, source: str, today: dt.date | None = None
) -> tuple[LegalField, list[Faq], list[str]]:
    """Turns one parsed YAML file into its field and FAQs, plus a list of problems found.

    ``today`` (default: the date in Vietnam now) is the latest ``reviewed`` date allowed.
    """
    today = today or vietnam_today()
    problems: list[str] = []
    if not isinstance(document, dict):
        return LegalField("", "", ""), [], [f"{source}: expected a mapping with field, label, faqs"]
    code = str(document.get("field", ""))
    label = str(document.get("label", ""))
    short_label = str(document.get("short_label") or label)
    if not _ID.match(code):
        problems.append(f"{source}: 'field' must be a snake_case code, got {code!r}")
    if not label:
        problems.append(f"{source}: 'label' (Vietnamese name of the field) is missing")
    if len(short_label) > MAX_TITLE_CHARS:
        problems.append(f"{source}: 'short_label' must fit a button ({MAX_TITLE_CHARS} characters)")
    entries = document.get("faqs")
    if not isinstance(entries, list) or not entries:
        problems.append(f"{source}: 'faqs' must be a non-empty list")
        entries = []
    faqs = []
    for index, entry in enumerate(entries):
        faq, entry_problems = _parse_faq(entry, f"{source} faqs[{index}]", code, today)
        problems.extend(entry_problems)
        if faq is not None:
            faqs.append(faq)
    return LegalField(code, label, short_label), faqs, problems


def _parse_faq(
    entry: object, where: str, field_code: str, today: dt.date
) -> tuple[Faq | None, list[str]]:
    if not isinstance(entry, dict):
        return None, [f"{where}: expected a mapping"]
    problems: list[str] = []
    faq_id = str(entry.get("id", ""))
    where = f"{where} ({faq_id})"
    if not _ID.match(faq_id):
        problems.append(f"{where}: 'id' must be snake_case ASCII")
    if entry.get("field") != field_code:
        problems.append(f"{where}: 'field' must be {field_code!r} like the file")
    audiences = entry.get("audiences") or []
    unknown = sorted(set(audiences) - AUDIENCE_CODES)
    if not audiences or unknown:
        problems.append(
            f"{where}: 'audiences' must be a non-empty subset of {sorted(AUDIENCE_CODES)}"
        )
    question = str(entry.get("question") or "").strip()
    if not question:
        problems.append(f"{where}: 'question' is missing")
    title = str(entry.get("title") or "").strip()
    if not title or len(title) > MAX_TITLE_CHARS:
        problems.append(f"{where}: 'title' (button label) must have 1-{MAX_TITLE_CHARS} characters")
    variants = [str(v).strip() for v in entry.get("variants") or []]
    problems.extend(_variant_problems(where, question, variants))
    answer = str(entry.get("answer") or "").strip()
    problems.extend(_answer_problems(where, answer))
    legal_basis, basis_problems = _parse_legal_basis(entry.get("legal_basis"), where)
    problems.extend(basis_problems)
    scope, scope_problems = parse_scope(entry.get("scope"), where)
    problems.extend(scope_problems)
    sources, source_problems = parse_sources(entry.get("sources"), where)
    problems.extend(source_problems)
    problems.extend(_citation_problems(where, answer, legal_basis, sources))
    reviewed = entry.get("reviewed")
    problems.extend(_reviewed_problems(where, reviewed, today))
    link = entry.get("link")
    if link is not None and not str(link).startswith("https://"):
        problems.append(f"{where}: 'link' must be an https:// URL")
    if problems or scope is None:
        return None, list(dict.fromkeys(problems))
    faq = Faq(
        id=faq_id,
        field=field_code,
        title=title,
        audiences=tuple(audiences),
        question=question,
        variants=tuple(variants),
        answer=answer,
        legal_basis=legal_basis,
        reviewed=reviewed,
        scope=scope,
        sources=sources,
        link=str(link) if link else None,
    )
    return faq, []


def _reviewed_problems(where: str, reviewed: object, today: dt.date) -> list[str]:
    # A datetime is a date too, but "reviewed" is a day: a time in it is a typing slip.
    if not isinstance(reviewed, dt.date) or isinstance(reviewed, dt.datetime):
        return [f"{where}: 'reviewed' must be a date (YYYY-MM-DD)"]
    if reviewed > today:
        return [f"{where}: 'reviewed' {reviewed.isoformat()} is later than today ({today})"]
    return []


def _citation_problems(
    where: str, answer: str, legal_basis: tuple[LegalBasis, ...], sources: tuple[Source, ...]
) -> list[str]:
    """Sources rest on the legal basis, the answer names only checked articles, and no
    source is a repealed document."""
    documents = [basis.document for basis in legal_basis]
    articles = [article for basis in legal_basis for article in basis.articles]
    problems = unbased_source_problems(where, sources, documents)
    problems.extend(unlisted_article_problems(where, answer, articles))
    for source in sources:
        problems.extend(_repealed_problems(where, source.document))
    return problems


def _variant_problems(where: str, question: str, variants: list[str]) -> list[str]:
    problems = []
    if len(variants) < MIN_VARIANTS:
        problems.append(f"{where}: needs at least {MIN_VARIANTS} variants, has {len(variants)}")
    folded = [normalize_text(v) for v in (question, *variants)]
    duplicates = sorted({f for f in folded if folded.count(f) > 1})
    if duplicates:
        problems.append(f"{where}: variants repeat once folded: {duplicates}")
    plain = [v for v in variants if not has_diacritics(v)]
    if len(plain) < MIN_VARIANTS_WITHOUT_DIACRITICS:
        problems.append(
            f"{where}: needs at least {MIN_VARIANTS_WITHOUT_DIACRITICS} variants typed "
            f"without diacritics, has {len(plain)}"
        )
    if not any(set(words(v)) & ABBREVIATIONS.keys() for v in variants):
        problems.append(f"{where}: needs a variant with chat abbreviations (ko, dc, ntn, cccd…)")
    if not any(len(v) >= STORY_VARIANT_MIN_CHARS for v in variants):
        problems.append(
            f"{where}: needs a story-style variant of at least {STORY_VARIANT_MIN_CHARS} characters"
        )
    return problems


def _answer_problems(where: str, answer: str) -> list[str]:
    problems = []
    if not answer:
        problems.append(f"{where}: 'answer' is missing")
    if len(answer) > MAX_ANSWER_CHARS:
        problems.append(
            f"{where}: 'answer' has {len(answer)} characters, at most {MAX_ANSWER_CHARS}"
        )
    district = _DISTRICT_LEVEL.search(answer)
    if district:
        problems.append(
            f"{where}: answer mentions {district.group(0)!r}; there is no district level "
            "since 1 July 2025"
        )
    problems.extend(_repealed_problems(where, answer))
    return problems


def _repealed_problems(where: str, text: str) -> list[str]:
    return [
        f"{where}: cites repealed {number} ({why})"
        for number, why in REPEALED_DOCUMENTS.items()
        if number in text
    ]


def _parse_legal_basis(raw: object, where: str) -> tuple[tuple[LegalBasis, ...], list[str]]:
    if not isinstance(raw, list) or not raw:
        return (), [f"{where}: 'legal_basis' must list at least one document"]
    problems: list[str] = []
    bases = []
    for item in raw:
        if not isinstance(item, dict) or not item.get("document"):
            problems.append(f"{where}: each legal_basis item needs 'document'")
            continue
        document = str(item["document"]).strip()
        if not _DOCUMENT_NUMBER.search(document):
            problems.append(f"{where}: legal basis {document!r} lacks a document number")
        problems.extend(_repealed_problems(where, document))
        articles = tuple(str(a).strip() for a in item.get("articles") or [])
        bad = [a for a in articles if not ARTICLE.match(a)]
        if bad:
            problems.append(
                f"{where}: articles must look like 'Điều 17' or 'khoản 2 Điều 8': {bad}"
            )
        bases.append(LegalBasis(document, articles))
    return tuple(bases), problems


def cross_faq_problems(faqs: list[Faq]) -> list[str]:
    """Problems that only show across files: duplicate ids, one phrasing in two FAQs, a
    question an entry says it does not answer that is a phrasing of some entry, or that it
    says another entry answers when no such entry exists."""
    problems = []
    seen_ids: set[str] = set()
    owner_of_phrasing: dict[str, str] = {}
    for faq in faqs:
        if faq.id in seen_ids:
            problems.append(f"duplicate FAQ id {faq.id!r}")
        seen_ids.add(faq.id)
        for example in faq.examples():
            folded = normalize_text(example)
            other = owner_of_phrasing.setdefault(folded, faq.id)
            if other != faq.id:
                problems.append(f"{faq.id}: phrasing {example!r} is also a phrasing of {other}")
    for faq in faqs:
        for question in faq.scope.not_covered:
            owner = owner_of_phrasing.get(normalize_text(question))
            if owner is not None:
                problems.append(
                    f"{faq.id}: not_covered {question!r} is a phrasing of {owner}, so it is covered"
                )
        for question, entry in faq.scope.answered_by:
            if entry == faq.id or entry not in seen_ids:
                problems.append(
                    f"{faq.id}: not_covered {question!r} names {entry!r} as answering it, "
                    "which is not another entry"
                )
    return problems


def load_knowledge_base(
    directory: Path, today: Callable[[], dt.date] = vietnam_today
) -> KnowledgeBase:
    """Reads every ``*.yml`` in the directory; raises KnowledgeBaseError listing all problems.

    ``today`` gives the latest ``reviewed`` date allowed (a parameter for tests)."""
    fields: list[LegalField] = []
    faqs: list[Faq] = []
    problems: list[str] = []
    paths = sorted(directory.glob("*.yml"))
    if not paths:
        raise KnowledgeBaseError([f"{directory}: no knowledge-base files (*.yml)"])
    date = today()
    for path in paths:
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            problems.append(f"{path.name}: not valid YAML: {error}")
            continue
        except ValueError as error:  # a date that does not exist, e.g. 2026-02-30
            problems.append(f"{path.name}: impossible date: {error}")
            continue
        field, field_faqs, field_problems = parse_field_document(document, path.name, date)
        if field.code and path.stem != field.code:
            problems.append(f"{path.name}: file name must be the field code ({field.code}.yml)")
        fields.append(field)
        faqs.extend(field_faqs)
        problems.extend(field_problems)
    problems.extend(cross_faq_problems(faqs))
    if problems:
        raise KnowledgeBaseError(problems)
    return KnowledgeBase(tuple(fields), tuple(faqs))


class KnowledgeBaseFiles:
    """The knowledge base as its files are now, re-read only when one changed: the
    console adds approved entries while the server runs. A folder that no longer loads
    (a bad hand edit) keeps the last good version and says why."""

    def __init__(self, directory: Path) -> None:
        self._directory = Path(directory)
        self._lock = threading.Lock()
        self._stamp: tuple = ()
        self._knowledge_base: KnowledgeBase | None = None
        self.error: KnowledgeBaseError | None = None

    def __call__(self) -> KnowledgeBase:
        stamp = tuple(
            (path.name, path.stat().st_mtime_ns, path.stat().st_size)
            for path in sorted(self._directory.glob("*.yml"))
        )
        with self._lock:
            if stamp != self._stamp or self._knowledge_base is None:
                try:
                    self._knowledge_base = load_knowledge_base(self._directory)
                    self.error = None
                except KnowledgeBaseError as error:
                    if self._knowledge_base is None:
                        raise
                    self.error = error
                self._stamp = stamp
            return self._knowledge_base
