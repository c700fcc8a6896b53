from bot.check_kb import main as check_kb
from bot.kb_listing import fields_table, readme_listing
from bot.knowledge_base import load_knowledge_base
from bot.project_paths import ProjectPaths

PATHS = ProjectPaths()


def test_the_table_has_a_row_per_field_with_its_entries_titles():
    knowledge_base = load_knowledge_base(PATHS.kb_dir)
    rows = fields_table(knowledge_base).splitlines()[2:]
    assert len(rows) == len(knowledge_base.fields)
    first = knowledge_base.fields[0]
    titles = [faq.title for faq in knowledge_base.faqs if faq.field == first.code]
    assert rows[0].startswith(f"| `{first.code}` {first.label} | {len(titles)} | ")
    assert all(title in rows[0] for title in titles)


def test_the_readme_lists_exactly_the_knowledge_base():
    """Regenerate with `python -m bot check-kb --table` when an entry is added."""
    listing = readme_listing(load_knowledge_base(PATHS.kb_dir))
    assert listing in (PATHS.root / "README.md").read_text(encoding="utf-8")


def test_check_kb_prints_the_table(capsys):
    assert check_kb(["--table"]) == 0
    assert capsys.readouterr().out.strip() == readme_listing(load_knowledge_base(PATHS.kb_dir))
