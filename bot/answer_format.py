"""Pure formatting of an FAQ answer as the citizen reads it, with its legal basis."""

from collections.abc import Sequence

from bot import replies
from bot.knowledge_base import Faq
from bot.legal_currency import Flag

_DATE = "%d/%m/%Y"


def legal_basis_line(faq: Faq) -> str:
    return (
        f"{replies.LEGAL_BASIS_PREFIX} "
        + "; ".join(basis.citation() for basis in faq.legal_basis)
        + "."
    )


def caution_line(flags: Sequence[Flag]) -> str | None:
    """One line for the most pressing open flag (flags come changes first), or None."""
    if not flags:
        return None
    flag = flags[0]
    if flag.change is None:
        date = flag.last_reviewed.strftime(_DATE) if flag.last_reviewed else ""
        return replies.CAUTION_OVERDUE.format(date=date, ask_official=replies.CAUTION_ASK_OFFICIAL)
    since = (
        replies.CAUTION_SINCE.format(date=flag.effective.strftime(_DATE)) if flag.effective else ""
    )
    return replies.CAUTION_CHANGED.format(
        change=flag.reason(), since=since, ask_official=replies.CAUTION_ASK_OFFICIAL
    )


def format_faq_answer(faq: Faq, flags: Sequence[Flag] = ()) -> str:
    """Answer, a caution while the entry is flagged, legal basis, optional official link
    and the general-information disclaimer."""
    caution = caution_line(flags)
    parts = [faq.answer, *([caution] if caution else []), legal_basis_line(faq)]
    if faq.link:
        parts.append(f"{replies.MORE_INFO_PREFIX} {faq.link}")
    parts.append(replies.DISCLAIMER)
    return "\n\n".join(parts)
