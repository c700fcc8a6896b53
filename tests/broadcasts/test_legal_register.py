"""The register of legal documents: one row per number, relations recorded once."""

import datetime as dt

from bot.legal_documents import NamedRelation, RelationKind
from broadcasts.legal_register import LegalDocument, LegalRegister
from broadcasts.schema import create_broadcast_schema
from server.database import Database


def make_register(tmp_path) -> LegalRegister:
    database = Database(tmp_path / "register.db")
    create_broadcast_schema(database.db)
    create_broadcast_schema(database.db)  # idempotent, as at every start-up
    return LegalRegister(database, clock=lambda: 1_796_000_000.0)


def test_a_document_recorded_twice_is_one_row_with_what_each_knew(tmp_path):
    register = make_register(tmp_path)
    register.add_cited([("168/2024/NĐ-CP", "Nghị định 168/2024/NĐ-CP")])
    register.record(LegalDocument("168/2024/nd-cp", signed_on=dt.date(2024, 12, 26)), [], "thu")
    register.record(LegalDocument("168/2024/NĐ-CP", in_force_on=dt.date(2025, 1, 1)), [], "feed:x")

    (document,) = register.documents()
    assert document.number == "168/2024/NĐ-CP" and document.title == "Nghị định 168/2024/NĐ-CP"
    assert (document.issuer, document.signed_on, document.in_force_on) == (
        "Chính phủ", dt.date(2024, 12, 26), dt.date(2025, 1, 1)
    )  # fmt: skip
    assert document.recorded_by == "kb"


def test_the_knowledge_base_never_overwrites_a_recorded_document(tmp_path):
    register = make_register(tmp_path)
    register.record(LegalDocument("68/2020/QH14", "Luật Cư trú"), [], "thu")

    assert register.add_cited([("68/2020/QH14", "Luật Cư trú 2020 (số 68/2020/QH14)")]) == 0
    assert register.documents()[0].title == "Luật Cư trú"


def test_a_relation_is_recorded_once_and_read_as_a_change(tmp_path):
    register = make_register(tmp_path)
    amends = [NamedRelation(RelationKind.AMENDS, "68/2020/QH14")]
    document = LegalDocument("99/2026/QH15", "Luật sửa đổi", in_force_on=dt.date(2026, 7, 1))
    register.record(document, amends, "thu")
    register.record(document, amends, "minh")
    register.record(document, [NamedRelation(RelationKind.AMENDS, "99/2026/QH15")], "minh")

    (change,) = register.changes()
    assert (change.document_number, change.kind, change.target_number, change.in_force) == (
        "99/2026/QH15", RelationKind.AMENDS, "68/2020/QH14", dt.date(2026, 7, 1)
    )  # fmt: skip
    assert [relation.recorded_by for relation in register.relations()] == ["thu"]
