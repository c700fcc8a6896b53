"""Officers: a username, a role and, for commune officials, the communes they serve."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Role(Enum):
    ADMINISTRATOR = "administrator"
    COMMUNICATION_OFFICER = "communication_officer"
    COMMUNE_OFFICIAL = "commune_official"
    LEGAL_REVIEWER = "legal_reviewer"


ROLE_LABELS = {
    Role.ADMINISTRATOR: "Quản trị hệ thống",
    Role.COMMUNICATION_OFFICER: "Cán bộ truyền thông tỉnh",
    Role.COMMUNE_OFFICIAL: "Cán bộ xã, phường",
    Role.LEGAL_REVIEWER: "Cán bộ rà soát pháp lý",
}


@dataclass(frozen=True)
class Officer:
    username: str
    role: Role
    communes: frozenset[str] = frozenset()  # for commune officials: the communes they serve

    def may_target(self, commune_codes: frozenset[str] | None) -> bool:
        if self.role in (Role.ADMINISTRATOR, Role.COMMUNICATION_OFFICER):
            return True
        if self.role is Role.COMMUNE_OFFICIAL:
            return (
                commune_codes is not None and bool(commune_codes) and commune_codes <= self.communes
            )
        return False
