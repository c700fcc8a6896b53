"""What broadcasts needs of the database: a connection and transactions.

The composition root passes its ``server.database.Database``; depending on this shape
instead keeps imports pointing down (broadcasts never imports the server).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

import sqlite_utils


class Storage(Protocol):
    @property
    def db(self) -> sqlite_utils.Database: ...

    def transaction(self) -> AbstractContextManager[sqlite_utils.Database]: ...
