"""What an entry claims to cover and where each of its figures was read: the ``scope``
and ``sources`` keys of a knowledge-base entry, parsed and checked against its
``legal_basis``.

Pure, like the rest of the loader: the checks take the entry's own text and lists, so
they are tested on literal values. They exist because an answer whose figures nobody
can trace to an article, or whose scope nobody wrote down, cannot be kept current.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.legal_documents import document_key, document_numbers_in

MIN_NOT_COVERED = 3
# "Làm mất thẻ căn cước thì xin cấp lại ở đâu? → cap_the_can_cuoc": a neighbouring
# question this entry does not answer, but the named entry does.
ANSWERED_BY_MARK = "→"
_ANSWERED_BY = re.compile(rf"^(?P<question>.+?)\s*{ANSWERED_BY_MARK}\s*(?P<entry>[a-z0-9_]+)$")
ARTICLE = re.compile(r"^(Điểm [a-zđ] )?(khoản \d+ )?Điều \d+[a-zđ]?$", re.IGNORECASE)
# "Điều 12", "khoản 2 Điều 8", "điểm a khoản 1 Điều 9" inside an answer's prose; "điều
# kiện" (condition) has no number after it and is not an article.
_ARTICLE_IN_TEXT = re.compile(r"\bĐiều\s+(\d+[a-zđ]?)\b", re.IGNORECASE)
# A search engine's result page is where a text might be found, not where it was read.
_SEARCH_PAGE = re.compile(
    r"^https?://(www\.)?(google\.[a-z.]+/search|github\.com/search|bing\.com/search"
    r"|duckduckgo\.com/)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Scope:
    """One sentence on what the entry answers, and neighbouring questions it does not:
    what an official reads before deciding a citizen's question is really this one."""

    covers: str
    not_covered: tuple[str, ...]
    # (question, entry id) for the not_covered questions another entry answers: the build
    # must not teach those as out of scope, or the model learns to decline them.
    answered_by: tuple[tuple[str, str], ...] = ()

    def unanswered(self) -> tuple[str, ...]:
        """The neighbouring questions no entry is known to answer."""
        elsewhere = {question for question, _ in self.answered_by}
        return tuple(question for question in self.not_covered if question not in elsewhere)


def split_answered_by(line: str) -> tuple[str, str | None]:
    """Pure: a not_covered line into its question and the entry that answers it, if named."""
    marked = _ANSWERED_BY.match(line.strip())
    if marked is None:
        return line.strip(), None
    return marked["question"].strip(), marked["entry"]


@dataclass(frozen=True)
class Source:
    """Where one figure or rule of the answer was read. ``secondary`` marks a source that
    is not an official site, used only when the official text could not be reached."""

    fact: str
    document: str
    article: str
    checked: str
    secondary: bool = False


def parse_scope(raw: object, where: str) -> tuple[Scope | None, list[str]]:
    if not isinstance(raw, dict):
        return None, [f"{where}: 'scope' must have 'covers' and 'not_covered'"]
    covers = str(raw.get("covers") or "").strip()
    listed = raw.get("not_covered")
    lines = [
        split_answered_by(str(item))
        for item in (listed if isinstance(listed, list) else [])
        if item
    ]
    not_covered = tuple(question for question, _ in lines)
    answered_by = tuple((question, entry) for question, entry in lines if entry)
    problems = []
    if not covers:
        problems.append(f"{where}: 'scope.covers' must say in one sentence what it answers")
    if len(not_covered) < MIN_NOT_COVERED or not all(not_covered):
        problems.append(
            f"{where}: 'scope.not_covered' must list at least {MIN_NOT_COVERED} questions "
            "this entry does not answer"
        )
    return (Scope(covers, not_covered, answered_by) if not problems else None), problems


def parse_sources(raw: object, where: str) -> tuple[tuple[Source, ...], list[str]]:
    if not isinstance(raw, list) or not raw:
        return (), [f"{where}: 'sources' must list where each figure or rule was read"]
    sources: list[Source] = []
    problems: list[str] = []
    for index, item in enumerate(raw):
        source, item_problems = _parse_source(item, f"{where} sources[{index}]")
        problems.extend(item_problems)
        if source is not None:
            sources.append(source)
    return tuple(sources), problems


def _parse_source(item: object, where: str) -> tuple[Source | None, list[str]]:
    if not isinstance(item, dict):
        return None, [f"{where}: expected a mapping with fact, document, article, checked"]
    values = {key: str(item.get(key) or "").strip() for key in ("fact", "document", "article")}
    checked = str(item.get("checked") or "").strip()
    # The article is left out when the text read did not show it: a document without an
    # article is honest, an article from memory is not.
    problems = [f"{where}: '{key}' is missing" for key in ("fact", "document") if not values[key]]
    if values["article"] and not ARTICLE.match(values["article"]):
        problems.append(
            f"{where}: article must look like 'Điều 11' or 'khoản 2 Điều 8', got "
            f"{values['article']!r}"
        )
    if not checked.startswith(("https://", "http://")):
        problems.append(f"{where}: 'checked' must be the URL where the text was read")
    elif _SEARCH_PAGE.match(checked):
        problems.append(f"{where}: 'checked' is a search page; give the page the text was read on")
    secondary = item.get("secondary", False)
    if not isinstance(secondary, bool):
        problems.append(f"{where}: 'secondary' must be true or left out")
    if problems:
        return None, problems
    return Source(values["fact"], values["document"], values["article"], checked, secondary), []


def unbased_source_problems(
    where: str, sources: Sequence[Source], basis_documents: Sequence[str]
) -> list[str]:
    """A source must be one of the legal basis documents: same number, however written."""
    basis_keys = {
        document_key(number)
        for document in basis_documents
        for number in document_numbers_in(document)
    }
    problems = []
    for source in sources:
        numbers = {document_key(number) for number in document_numbers_in(source.document)}
        if not numbers & basis_keys:
            problems.append(
                f"{where}: source {source.document!r} ({source.fact}) shares no document "
                "number with legal_basis"
            )
    return problems


def unlisted_article_problems(where: str, answer: str, basis_articles: Sequence[str]) -> list[str]:
    """Every article the answer names must be one the legal basis lists as checked."""
    listed = {match.group(1).lower() for a in basis_articles for match in _articles_in(a)}
    named = dict.fromkeys(match.group(1).lower() for match in _articles_in(answer))
    missing = [f"Điều {number}" for number in named if number not in listed]
    if not missing:
        return []
    return [f"{where}: answer names {', '.join(missing)}, not among the legal_basis articles"]


def _articles_in(text: str):
    return _ARTICLE_IN_TEXT.finditer(text)
