"""Pure formatting of an FAQ answer as the citizen reads it, with its legal basis."""

from bot import replies
from bot.knowledge_base import Faq


def legal_basis_line(faq: Faq) -> str:
    return (
        f"{replies.LEGAL_BASIS_PREFIX} "
        + "; ".join(basis.citation() for basis in faq.legal_basis)
        + "."
    )


def format_faq_answer(faq: Faq) -> str:
    """Answer, legal basis, optional official link and the general-information disclaimer."""
    parts = [faq.answer, legal_basis_line(faq)]
    if faq.link:
        parts.append(f"{replies.MORE_INFO_PREFIX} {faq.link}")
    parts.append(replies.DISCLAIMER)
    return "\n\n".join(parts)
