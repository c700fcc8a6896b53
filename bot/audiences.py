"""The fixed set of audiences a law summary or an FAQ can be aimed at.

Codes are stored in the database and the knowledge base; labels are what citizens and
officers read. Decision 766/QĐ-TTg asks for dissemination tailored to these groups.
"""

AUDIENCE_LABELS: dict[str, str] = {
    "general_public": "Người dân nói chung",
    "businesses": "Doanh nghiệp, hộ kinh doanh",
    "students": "Học sinh, sinh viên",
    "ethnic_minorities": "Đồng bào dân tộc thiểu số",
    "people_with_disabilities": "Người khuyết tật",
    "workers": "Người lao động",
    "farmers": "Nông dân",
    "officials": "Cán bộ, công chức",
}

AUDIENCE_CODES: frozenset[str] = frozenset(AUDIENCE_LABELS)

# Button titles (at most 20 characters, Messenger's quick-reply limit).
AUDIENCE_SHORT_LABELS: dict[str, str] = {
    "general_public": "Người dân",
    "businesses": "Doanh nghiệp",
    "students": "Học sinh, sinh viên",
    "ethnic_minorities": "Dân tộc thiểu số",
    "people_with_disabilities": "Người khuyết tật",
    "workers": "Người lao động",
    "farmers": "Nông dân",
    "officials": "Cán bộ, công chức",
}
