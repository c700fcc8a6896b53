"""Pure helpers that turn an official's answer into a knowledge-base entry: the form's
fields into the entry shape, the validator's problems for it, and its YAML appended to a
hand-formatted field file without touching a byte of what is already there.

Nothing here reads the disk, so every rule can be tested on literal text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from bot.knowledge_base import (
    MIN_VARIANTS_WITHOUT_DIACRITICS,
    KnowledgeBase,
    LegalField,
    cross_faq_problems,
    parse_field_document,
)
from bot.text_normalization import fold_diacritics, has_diacritics

# Long enough that no variant or answer line is folded: the files keep one per line.
_DUMP_WIDTH = 10_000
_LIST_SEPARATOR = re.compile(r"[,\n]")
_NOT_ID_CHARACTERS = re.compile(r"[^a-z0-9]+")
_FAQS_KEY = re.compile(r"^faqs:[ \t]*(#.*)?$", re.MULTILINE)
_TOP_LEVEL_LINE = re.compile(r"^[^\s#-]", re.MULTILINE)
_LIST_ITEM = re.compile(r"^( *)- ", re.MULTILINE)
# Written after a source's URL on the form when the page read is not an official site.
SECONDARY_MARK = "thứ cấp"


def suggest_id(title: str) -> str:
    """An ASCII snake_case id from a Vietnamese title ("Xóa tạm trú" -> "xoa_tam_tru")."""
    folded = fold_diacritics(title).lower()
    suggestion = _NOT_ID_CHARACTERS.sub("_", folded).strip("_")
    if not suggestion:
        return "faq"
    return suggestion if suggestion[0].isalpha() else f"faq_{suggestion}"


def entry_from_form(
    form: Mapping[str, str], today: dt.date, audiences: Sequence[str] | None = None
) -> dict[str, Any]:
    """The entry, in the knowledge-base shape, that the draft form describes.

    ``audiences`` is for forms with one checkbox per audience (``request.form.getlist``);
    without it the ``audiences`` field is read as comma- or newline-separated codes. A blank
    id is suggested from the title. Nothing is validated here: ``entry_problems`` does that.
    """
    title = form.get("title", "").strip()
    entry: dict[str, Any] = {
        "id": form.get("id", "").strip() or suggest_id(title),
        "field": form.get("field", "").strip(),
        "title": title,
        "audiences": _codes(audiences) if audiences is not None else _split_codes(form),
        "question": form.get("question", "").strip(),
        "variants": _variants(form.get("variants", "")),
        "answer": _answer(form.get("answer", "")),
        "scope": {
            "covers": " ".join(form.get("covers", "").split()),
            "not_covered": _variants(form.get("not_covered", "")),
        },
        "legal_basis": _legal_basis(form.get("legal_basis", "")),
        "sources": _sources(form.get("sources", "")),
    }
    link = form.get("link", "").strip()
    if link:
        entry["link"] = link
    entry["reviewed"] = today
    return entry


def _codes(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(code.strip() for code in values if code.strip()))


def _split_codes(form: Mapping[str, str]) -> list[str]:
    return _codes(_LIST_SEPARATOR.split(form.get("audiences", "")))


def _variants(text: str) -> list[str]:
    """One per line; blank lines and repeats (ignoring case and spacing) dropped."""
    kept: dict[str, str] = {}
    for line in text.splitlines():
        variant = " ".join(line.split())
        if variant:
            kept.setdefault(variant.casefold(), variant)
    return list(kept.values())


def _answer(text: str) -> str:
    # Trailing spaces would stop the answer being written as a readable literal block.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def _legal_basis(text: str) -> list[dict[str, Any]]:
    """``Document (số 68/2020/QH14) | Điều 27, Điều 28`` per line; articles optional."""
    bases = []
    for line in text.splitlines():
        document, _, articles = line.partition("|")
        if not document.strip():
            continue
        basis: dict[str, Any] = {"document": " ".join(document.split())}
        checked = [article.strip() for article in articles.split(",") if article.strip()]
        if checked:
            basis["articles"] = checked
        bases.append(basis)
    return bases


def _sources(text: str) -> list[dict[str, Any]]:
    """``fact | document (số …) | article | https://… [| thứ cấp]`` per line; the last
    part marks a source that is not an official site. Missing parts are left for the
    validator to name."""
    sources = []
    for line in text.splitlines():
        parts = [" ".join(part.split()) for part in line.split("|")]
        if not any(parts):
            continue
        fact, document, article, checked, *rest = parts + [""] * (4 - len(parts))
        source: dict[str, Any] = {
            "fact": fact, "document": document, "article": article, "checked": checked
        }  # fmt: skip
        if any(rest):
            source["secondary"] = True
        sources.append(source)
    return sources


def source_lines(sources: Sequence[Mapping[str, Any]]) -> str:
    """The form's text for sources: the reverse of what the form reads."""
    return "\n".join(
        " | ".join(str(source.get(key, "")) for key in ("fact", "document", "article", "checked"))
        + (f" | {SECONDARY_MARK}" if source.get("secondary") else "")
        for source in sources
    )


def with_unaccented_twins(variants: Sequence[str]) -> list[str]:
    """The variants with enough of them typed without diacritics, as citizens often type.

    A twin replaces its accented original in place instead of joining it: the validator
    folds diacritics before comparing, so keeping both would be a repeated phrasing. The
    shortest accented variants are turned first, which leaves the story-style ones intact.
    """
    result = list(variants)
    missing = MIN_VARIANTS_WITHOUT_DIACRITICS - sum(not has_diacritics(v) for v in result)
    accented = sorted(
        (index for index, variant in enumerate(result) if has_diacritics(variant)),
        key=lambda index: len(result[index]),
    )
    for index in accented[: max(missing, 0)]:
        result[index] = fold_diacritics(result[index]).lower()
    return result


def entry_problems(
    entry: Mapping[str, Any], knowledge_base: KnowledgeBase, today: dt.date | None = None
) -> list[str]:
    """Every reason the knowledge base would refuse this entry in its field's file.

    The validator's own messages are passed on unchanged (they are in English), so what an
    official is told matches what ``python -m bot check-kb`` would say. ``today`` is the
    latest ``reviewed`` date allowed (default: today in Vietnam).
    """
    field = _field(knowledge_base, entry.get("field"))
    if field is None:
        return [f"Lĩnh vực {entry.get('field')!r} không có trong cơ sở tri thức."]
    document = {
        "field": field.code,
        "label": field.label,
        "short_label": field.short_label,
        "faqs": [dict(entry)],
    }
    _, faqs, problems = parse_field_document(document, f"{field.code}.yml", today)
    faq_id = entry.get("id")
    if any(existing.id == faq_id for existing in knowledge_base.faqs):
        problems.append(f"Mã {faq_id!r} đã có trong cơ sở tri thức; hãy chọn mã khác.")
    others = [existing for existing in knowledge_base.faqs if existing.id != faq_id]
    problems.extend(cross_faq_problems([*others, *faqs]))
    return problems


def _field(knowledge_base: KnowledgeBase, code: object) -> LegalField | None:
    return next((field for field in knowledge_base.fields if field.code == code), None)


class _EntryDumper(yaml.SafeDumper):
    """SafeDumper that indents nested lists as the hand-written files do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


class _FlowList(list):
    """A short list (audiences, articles) written on one line, ``[a, b]``, as in the files."""


def _represent_flow_list(dumper: yaml.SafeDumper, data: _FlowList) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


def _represent_text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_EntryDumper.add_representer(_FlowList, _represent_flow_list)
_EntryDumper.add_representer(str, _represent_text)


def entry_yaml(entry: Mapping[str, Any], indent: int = 2) -> str:
    """The entry as one item of the ``faqs:`` list, its dash ``indent`` spaces in."""
    dumped = yaml.dump(
        [_shaped(entry)],
        Dumper=_EntryDumper,
        allow_unicode=True,
        sort_keys=False,
        width=_DUMP_WIDTH,
        indent=2,
    )
    prefix = " " * indent
    return "".join(prefix + line if line.strip() else line for line in dumped.splitlines(True))


def _shaped(entry: Mapping[str, Any]) -> dict[str, Any]:
    shaped = {
        key: list(value) if isinstance(value, tuple) else value for key, value in entry.items()
    }
    if isinstance(shaped.get("audiences"), list):
        shaped["audiences"] = _FlowList(shaped["audiences"])
    if isinstance(shaped.get("legal_basis"), list):
        shaped["legal_basis"] = [_shaped_basis(basis) for basis in shaped["legal_basis"]]
    return shaped


def _shaped_basis(basis: object) -> object:
    if not isinstance(basis, Mapping) or not isinstance(basis.get("articles"), list | tuple):
        return basis
    return {**basis, "articles": _FlowList(basis["articles"])}


def append_entry(field_file_text: str, entry: Mapping[str, Any]) -> str:
    """The field file's text with the entry appended to its ``faqs:`` list.

    The existing text is kept byte for byte (the files are formatted by hand, with ``|-``
    answers), so the result is the old text, a blank line and the new entry. Raises
    ValueError if the file has no block ``faqs:`` list or the result would not read back.
    """
    faqs_key = _FAQS_KEY.search(field_file_text)
    if faqs_key is None:
        raise ValueError("the field file has no top-level 'faqs:' block list")
    next_key = _TOP_LEVEL_LINE.search(field_file_text, faqs_key.end())
    end = next_key.start() if next_key else len(field_file_text)
    first_item = _LIST_ITEM.search(field_file_text, faqs_key.end(), end)
    indent = len(first_item.group(1)) if first_item else 2
    newline = "\r\n" if "\r\n" in field_file_text else "\n"
    head = field_file_text[:end]
    if head and not head.endswith("\n"):
        head += newline
    block = entry_yaml(entry, indent).replace("\n", newline)
    separator = newline if first_item and not head.endswith(newline * 2) else ""
    result = head + separator + block + field_file_text[end:]
    _check_appended(result, entry)
    return result


def _check_appended(text: str, entry: Mapping[str, Any]) -> None:
    """Fails loudly instead of writing a file whose last entry is not the one approved."""
    document = yaml.safe_load(text)
    faqs = document.get("faqs") if isinstance(document, dict) else None
    if not isinstance(faqs, list) or not faqs or faqs[-1] != _shaped(entry):
        raise ValueError("the entry does not read back as the last item of 'faqs'")
