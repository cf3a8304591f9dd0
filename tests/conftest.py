"""Session fixtures shared by every test that needs the real streaming stack.

One embedded broker and one worker for the whole session: a Faust worker needs
several seconds to load lists and join its consumer group, so tests share it and use unique event ids.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

from stream.settings import REPO_ROOT

SHARED_DATA = Path(os.environ.get("TRADESCREEN_SHARED_DATA", REPO_ROOT / ".." / "shared" / "data")).resolve()
LISTS_CACHE = REPO_ROOT / "var" / "test-lists.snapshot"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    assert SHARED_DATA.exists(), f"shared data not found at {SHARED_DATA}"
    return SHARED_DATA


@pytest.fixture(scope="session")
def worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator["StreamingStack"]:  # noqa: F821
    """The real stack: Tansu + one `tradescreen worker` with all shared lists + a collector."""
    from tests.support.kafka import start_stack, warm_up

    log_dir = tmp_path_factory.mktemp("stack")
    stack = start_stack(log_dir, env_extra={"TRADESCREEN_LISTS_CACHE": str(LISTS_CACHE)})
    try:
        warm_up(stack)
        yield stack
    finally:
        stack.close()
