"""The chaos soak of the whole room in its CI size: 4 laptops for 10 minutes (SOAK_MINUTES
changes it) through the fault-injecting proxy; see ``tests/soak.py`` for what it checks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.soak import soak

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.mark.timeout(3600)
def test_four_laptops_soak(tmp_path: Path, pg_url: str) -> None:
    del pg_url  # only for its skip: the soak makes its own server or database
    minutes = float(os.environ.get("SOAK_MINUTES", "10"))
    result = soak(4, minutes, tmp_path)
    assert result["ok"], result["problems"]
    assert result["acknowledged"] > 20
    assert result["outcomes"].get("conflict", 0) > 0  # the laptops did meet each other
