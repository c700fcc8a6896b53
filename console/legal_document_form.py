"""Pure: the console's form for recording a legal document and what it amends, replaces
or repeals, read into the register's shapes with the problems an officer must fix."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.legal_documents import (
    DOCUMENT_NUMBER,
    NamedRelation,
    RelationKind,
    document_key,
    document_numbers_in,
)
from broadcasts.legal_register import LegalDocument

# One form field per relation, each listing the older documents' numbers.
RELATION_FIELDS = {
    "amends": RelationKind.AMENDS,
    "replaces": RelationKind.REPLACES,
    "repeals": RelationKind.REPEALS,
}
_SEPARATORS = re.compile(r"[,;\n]")


@dataclass(frozen=True)
class RecordedDocumentForm:
    document: LegalDocument
    relations: tuple[NamedRelation, ...]
    errors: tuple[str, ...]


def read_document_form(form: Mapping[str, str]) -> RecordedDocumentForm:
    number = " ".join(form.get("number", "").split())
    errors: list[str] = []
    if not DOCUMENT_NUMBER.fullmatch(number):
        errors.append(f"Số hiệu “{number}” không đúng dạng, ví dụ 12/2026/NĐ-CP hoặc 74/2025/QH15.")
    signed_on = _date(form.get("signed_on", ""), "Ngày ban hành", errors)
    in_force_on = _date(form.get("in_force_on", ""), "Ngày có hiệu lực", errors)
    relations: list[NamedRelation] = []
    for field, kind in RELATION_FIELDS.items():
        for typed in filter(
            None, (part.strip() for part in _SEPARATORS.split(form.get(field, "")))
        ):
            found = document_numbers_in(typed)
            if not found:
                errors.append(f"“{typed}” không có số hiệu văn bản.")
            elif document_key(found[0]) == document_key(number):
                errors.append("Một văn bản không sửa đổi, thay thế hay bãi bỏ chính nó.")
            else:
                relations.append(NamedRelation(kind, found[0]))
    document = LegalDocument(
        number,
        " ".join(form.get("title", "").split()),
        " ".join(form.get("issuer", "").split()) or None,
        signed_on,
        in_force_on,
    )
    return RecordedDocumentForm(document, tuple(dict.fromkeys(relations)), tuple(errors))


def _date(text: str, label: str, errors: list[str]) -> dt.date | None:
    """An <input type="date"> value (YYYY-MM-DD), or DD/MM/YYYY typed by hand."""
    text = text.strip()
    if not text:
        return None
    try:
        if "/" in text:
            return dt.datetime.strptime(text, "%d/%m/%Y").date()
        return dt.date.fromisoformat(text)
    except ValueError:
        errors.append(f"{label} “{text}” không phải là ngày có thật.")
        return None
