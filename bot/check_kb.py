"""``python -m bot.check_kb [--table] [directory]``: validate the knowledge base and
summarise it.

Authors run this after editing a field file; the build runs the same validation. With
``--table`` it prints the README's listing of fields and topics instead of the summary.
"""

import sys
from pathlib import Path

from bot.kb_listing import readme_listing
from bot.knowledge_base import KnowledgeBaseError, load_knowledge_base

DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "nlu_data" / "kb"


def main(argv: list[str]) -> int:
    table = "--table" in argv
    arguments = [argument for argument in argv if argument != "--table"]
    directory = Path(arguments[0]) if arguments else DEFAULT_DIRECTORY
    try:
        knowledge_base = load_knowledge_base(directory)
    except KnowledgeBaseError as error:
        sys.stderr.write(f"{len(error.problems)} problem(s):\n{error}\n")
        return 1
    if table:
        sys.stdout.write(readme_listing(knowledge_base) + "\n")
        return 0
    for field in knowledge_base.fields:
        ids = [faq.id for faq in knowledge_base.faqs if faq.field == field.code]
        sys.stdout.write(f"{field.code} ({field.label}): {len(ids)} FAQs: {', '.join(ids)}\n")
    sys.stdout.write(
        f"OK: {len(knowledge_base.faqs)} FAQs in {len(knowledge_base.fields)} fields\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
