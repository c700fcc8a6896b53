"""The knowledge base as the README lists it: one Markdown row per field.

The README promises what the assistant answers; generating the table from the entries
(and a test comparing the two) keeps that promise true as the knowledge base grows.
"""

from __future__ import annotations

from bot.knowledge_base import KnowledgeBase

TABLE_HEADER = "| field | entries | topics |\n|---|---|---|"


def summary_line(knowledge_base: KnowledgeBase) -> str:
    return (
        f"**What it answers today** ({len(knowledge_base.faqs)} entries in "
        f"{len(knowledge_base.fields)} fields; `python -m bot check-kb` lists them):"
    )


def fields_table(knowledge_base: KnowledgeBase) -> str:
    """Pure: the Markdown table of fields with their entries' titles, in file order."""
    rows = [TABLE_HEADER]
    for field in knowledge_base.fields:
        titles = [faq.title for faq in knowledge_base.faqs if faq.field == field.code]
        rows.append(f"| `{field.code}` {field.label} | {len(titles)} | {'; '.join(titles)} |")
    return "\n".join(rows)


def readme_listing(knowledge_base: KnowledgeBase) -> str:
    """Pure: the summary line and the table, as they appear in the README."""
    return f"{summary_line(knowledge_base)}\n\n{fields_table(knowledge_base)}"
