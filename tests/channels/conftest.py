import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def load_fixture():
    def load(channel: str, name: str) -> dict:
        return json.loads((FIXTURES / channel / f"{name}.json").read_text(encoding="utf-8"))

    return load
